"""Staff moderation of users: a ban stops logins, tokens and listings at once; unban undoes it.
Both are audit-log entries; the ban's reason stays in the log when the ban is lifted."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from marketplace.account_hooks import on_user_banned, on_user_unbanned
from marketplace.models import AuditAction, RefreshToken, User
from marketplace.services.audit import audit_record


def _ban_state(user: User) -> dict[str, object]:
    return {"is_active": user.is_active, "banned_at": user.banned_at, "ban_reason": user.ban_reason}


@transaction.atomic
def user_ban(*, user: User, reason: str = "", actor: User | None = None) -> User:
    """Bans `user`: no login (allauth and the API check `is_active`), access tokens refused on
    their next request, refresh tokens revoked, browser sessions ended (Django's backend drops an
    inactive user from the session); the apps' registered ban effects (marketplace/account_hooks.py)
    suspend active listings and close open chat sockets after commit."""
    user = User.objects.select_for_update().get(pk=user.pk)
    before = _ban_state(user)
    now = timezone.now()
    user.is_active = False
    user.banned_at = user.banned_at or now
    user.ban_reason = reason[:500]
    user.save(update_fields=["is_active", "banned_at", "ban_reason", "updated_at"])
    RefreshToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    audit_record(
        actor=actor,
        action=AuditAction.USER_BAN,
        target=user,
        before=before,
        after=_ban_state(user),
        reason=user.ban_reason,
    )
    on_user_banned(user=user)
    return user


@transaction.atomic
def user_unban(*, user: User, actor: User | None = None, reason: str = "") -> User:
    """Lifts a ban: the user may log in again and the listings the ban hid (and only those) are
    active again (the apps' registered unban effects). The user row forgets the ban's reason;
    the audit entry keeps it in `before`."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.deleted_at is not None:
        return user  # a deleted account stays closed
    before = _ban_state(user)
    user.is_active = True
    user.banned_at = None
    user.ban_reason = ""
    user.save(update_fields=["is_active", "banned_at", "ban_reason", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.USER_UNBAN,
        target=user,
        before=before,
        after=_ban_state(user),
        reason=reason,
    )
    on_user_unbanned(user=user)
    return user
