"""Role changes in the audit log: the staff and superuser flags, staff groups and permissions.

A user's rights change in several places (the user admin's form, a shell, `createsuperuser`, a
group's member list, an account deletion dropping them), so the log listens to the model's
signals rather than trusting every caller: a change of the flags on save, and of the groups or
permissions through their many-to-many relations. The user admin saves flags and relations in
one form, which fires several signals; it wraps the save in `user_roles_change_collect()`, which
silences them for that user and writes one entry with the whole before and after.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_init, post_save, pre_save

from marketplace.models import AuditAction, User
from marketplace.services.audit import audit_context_current, audit_record

FLAGS = ("is_staff", "is_superuser")

_collected: contextvars.ContextVar[frozenset[Any]] = contextvars.ContextVar(
    "audit_roles_collected", default=frozenset()
)


def user_roles_snapshot(*, user_id: Any) -> dict[str, Any]:
    """The user's rights as stored now: flags, group names, permissions as `app.codename`."""
    user = User.objects.get(pk=user_id)
    return {
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "permissions": sorted(
            f"{app_label}.{codename}"
            for app_label, codename in user.user_permissions.values_list(
                "content_type__app_label", "codename"
            )
        ),
    }


def _changed_only(
    before: dict[str, Any], after: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    keys = [key for key in after if before.get(key) != after[key]]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


def _record(*, user: User, before: dict[str, Any], after: dict[str, Any], reason: str) -> None:
    before, after = _changed_only(before, after)
    if not after:
        return
    actor = audit_context_current().user
    audit_record(
        actor=actor,
        action=AuditAction.USER_ROLES_CHANGE,
        target=user,
        before=before,
        after=after,
        reason=reason,
    )


@contextmanager
def user_roles_change_collect(
    *, user_id: Any, before: dict[str, Any] | None, reason: str = ""
) -> Iterator[None]:
    """Silences the signal entries for `user_id` inside the block and writes one entry for the
    difference between `before` (None: a new user, no rights) and what is stored afterwards."""
    token = _collected.set(_collected.get() | {user_id})
    try:
        yield
    finally:
        _collected.reset(token)
    no_rights = {"is_staff": False, "is_superuser": False, "groups": [], "permissions": []}
    _record(
        user=User.objects.get(pk=user_id),
        before=before if before is not None else no_rights,
        after=user_roles_snapshot(user_id=user_id),
        reason=reason,
    )


def _flags_remember(sender: type[Model], instance: User, **_kwargs: Any) -> None:
    # A deferred flag (`.only("email")`) is not read here: that would cost a query per row.
    if all(flag in instance.__dict__ for flag in FLAGS):
        instance._audit_flags = {flag: instance.__dict__[flag] for flag in FLAGS}  # type: ignore[attr-defined]


def _flags_before_save(
    sender: type[Model], instance: User, update_fields: Any = None, **_kwargs: Any
) -> None:
    """An instance loaded without its flags: read the stored ones before they are overwritten."""
    if instance._state.adding or hasattr(instance, "_audit_flags"):
        return
    if update_fields is not None and not set(FLAGS) & set(update_fields):
        return
    stored = User.objects.filter(pk=instance.pk).values(*FLAGS).first()
    if stored is not None:
        instance._audit_flags = stored  # type: ignore[attr-defined]


def _flags_saved(sender: type[Model], instance: User, created: bool, **_kwargs: Any) -> None:
    loaded = getattr(instance, "_audit_flags", None)
    if not created and loaded is None:
        return  # neither loaded nor saved: unchanged
    before = dict.fromkeys(FLAGS, False) if created or loaded is None else loaded
    after = {flag: getattr(instance, flag) for flag in FLAGS}
    instance._audit_flags = after  # type: ignore[attr-defined]
    if instance.pk in _collected.get():
        return
    _record(user=instance, before=before, after=after, reason="")


def _relation_names(user_id: Any, relation: str) -> list[str]:
    if relation == "groups":
        return sorted(Group.objects.filter(user=user_id).values_list("name", flat=True))
    return sorted(
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.filter(user=user_id).values_list(
            "content_type__app_label", "codename"
        )
    )


def _affected_users(instance: Any, reverse: bool, pk_set: set[Any] | None) -> list[Any]:
    if not reverse:
        return [instance.pk]
    if pk_set is not None:
        return list(pk_set)
    return list(instance.user_set.values_list("pk", flat=True))  # a group's or permission's clear


def _relation_changed(relation: str) -> Any:
    memo = f"_audit_{relation}_before"

    def handler(
        sender: type[Model],
        instance: Any,
        action: str,
        reverse: bool,
        pk_set: set[Any] | None,
        **_kwargs: Any,
    ) -> None:
        if action.startswith("pre_"):
            setattr(
                instance,
                memo,
                {
                    user_id: _relation_names(user_id, relation)
                    for user_id in _affected_users(instance, reverse, pk_set)
                    if user_id not in _collected.get()
                },
            )
            return
        before_by_user: dict[Any, list[str]] = getattr(instance, memo, {})
        setattr(instance, memo, {})
        for user_id, before in before_by_user.items():
            user = instance if not reverse else User.objects.get(pk=user_id)
            after = _relation_names(user_id, relation)
            _record(user=user, before={relation: before}, after={relation: after}, reason="")

    return handler


_groups_changed = _relation_changed("groups")
_permissions_changed = _relation_changed("permissions")


def role_change_signals_connect() -> None:
    """Called once from the core's AppConfig.ready()."""
    post_init.connect(_flags_remember, sender=User, dispatch_uid="audit.flags_remember")
    pre_save.connect(_flags_before_save, sender=User, dispatch_uid="audit.flags_before_save")
    post_save.connect(_flags_saved, sender=User, dispatch_uid="audit.flags_saved")
    m2m_changed.connect(
        _groups_changed, sender=User.groups.through, dispatch_uid="audit.groups_changed"
    )
    m2m_changed.connect(
        _permissions_changed,
        sender=User.user_permissions.through,
        dispatch_uid="audit.permissions_changed",
    )
