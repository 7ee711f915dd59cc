"""The audit log: one append-only row per staff action or security-relevant change.

Why our own model and not a library: django-pghistory records changes with PostgreSQL triggers
(and we also run on SQLite), and its events know nothing of the staff member's reason;
django-auditlog records every save of a registered model from signals (no reason, no "staff
refunded" as opposed to "the beat refunded", bulk `update()`s such as hiding messages are missed)
and its rows are ordinary, deletable ones. What the issue asks for is a record of *actions*,
written by the service that performs them in its own transaction, with a reason; that is a small
model (`marketplace.models.AuditEntry`) and `audit_record()`, in the core, which the feature apps
call. The database guard (a PostgreSQL trigger refusing UPDATE and DELETE) is migration 0004.

Who and from where: the actor is passed by the caller (None = the platform: beat, commands);
their role is derived from their flags and staff groups, and the client's IP address comes from
the request being served (`AuditContextMiddleware`), when there is one.

KVKK: an account deletion keeps the entries about the user and by the user (the platform's legal
record of what staff did and why, kept under KVKK art. 5(2)(ç)/(e) — a legal obligation and
the establishment of rights); the user row they point to is anonymised, so the entries keep only
its id. Labels never hold personal data (a user's is the masked e-mail), and the user's KVKK
export leaves them out: they are staff's records about moderation, not data the user gave us.
"""

from __future__ import annotations

import contextvars
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model
from django.http import HttpRequest

from marketplace.client_ip import client_ip
from marketplace.models import AuditEntry, User
from marketplace.privacy import mask_email


@dataclass(frozen=True)
class AuditContext:
    """The request being served: the client's address and whoever it is authenticated as."""

    request: HttpRequest | None = None

    @property
    def ip(self) -> str | None:
        return client_ip(self.request) if self.request is not None else None

    @property
    def user(self) -> User | None:
        user = getattr(self.request, "user", None)
        return user if isinstance(user, User) and user.is_authenticated else None


_context: contextvars.ContextVar[AuditContext] = contextvars.ContextVar(
    "audit_context",
    default=AuditContext(),  # noqa: B039  (frozen, never mutated)
)


@contextmanager
def audit_context(*, request: HttpRequest | None) -> Iterator[None]:
    """Makes `request` the one audit rows written inside the block come from."""
    token = _context.set(AuditContext(request=request))
    try:
        yield
    finally:
        _context.reset(token)


def audit_context_current() -> AuditContext:
    return _context.get()


def audit_actor_role(actor: User | None) -> str:
    """The actor's role when they acted: `superuser`, `staff: <groups>`, `user`, or `platform`
    for no actor."""
    if actor is None:
        return "platform"
    if actor.is_superuser:
        return "superuser"
    if actor.is_staff:
        groups = ", ".join(sorted(actor.groups.values_list("name", flat=True)))
        return f"staff: {groups}" if groups else "staff"
    return "user"


def audit_label(target: Model) -> str:
    """A readable name for the target without personal data: a user's masked e-mail, else the
    model's name and id (callers pass a better label, such as a listing's title, when they have
    one)."""
    if isinstance(target, User):
        return mask_email(target.email)
    return f"{target._meta.verbose_name} {target.pk}"


def _json_ready(value: dict[str, Any] | None) -> dict[str, Any]:
    """Dates, decimals and UUIDs as the JSON encoder Django uses everywhere writes them."""
    if value is None:
        return {}
    return dict(json.loads(json.dumps(value, cls=DjangoJSONEncoder)))


def _entry(
    *,
    actor: User | None,
    action: str,
    target: Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str,
    label: str | None,
    role: str,
    ip: str | None,
) -> AuditEntry:
    return AuditEntry(
        actor=actor,
        actor_role=role[:200],
        actor_ip=ip,
        action=action,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
        target_id=str(target.pk),
        target_label=(label if label is not None else audit_label(target))[:200],
        before=_json_ready(before),
        after=_json_ready(after),
        reason=reason.strip(),
    )


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    label: str | None = None,
) -> AuditEntry:
    """Appends one entry. Call it inside the change's transaction, so the entry commits with
    the change or not at all; `before` and `after` hold only the fields the action changed
    (never secrets)."""
    context = audit_context_current()
    entry = _entry(
        actor=actor,
        action=action,
        target=target,
        before=before,
        after=after,
        reason=reason,
        label=label,
        role=audit_actor_role(actor),
        ip=context.ip,
    )
    entry.save()
    return entry


def audit_record_many(
    *,
    actor: User | None,
    action: str,
    targets: Iterable[Model],
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> list[AuditEntry]:
    """One entry per target for a bulk action (hiding several messages at once), in one insert."""
    context = audit_context_current()
    role = audit_actor_role(actor)
    entries = [
        _entry(
            actor=actor,
            action=action,
            target=target,
            before=before,
            after=after,
            reason=reason,
            label=None,
            role=role,
            ip=context.ip,
        )
        for target in targets
    ]
    return AuditEntry.objects.bulk_create(entries)
