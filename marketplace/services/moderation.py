"""Staff moderation of users: a ban stops logins, tokens and listings at once; unban undoes it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from marketplace.account_hooks import on_user_banned, on_user_unbanned
from marketplace.models import RefreshToken, User


@transaction.atomic
def user_ban(*, user: User, reason: str = "") -> User:
    """Bans `user`: no login (allauth and the API check `is_active`), access tokens refused on
    their next request, refresh tokens revoked, browser sessions ended (Django's backend drops an
    inactive user from the session); the apps' registered ban effects (marketplace/account_hooks.py)
    suspend active listings and close open chat sockets after commit."""
    user = User.objects.select_for_update().get(pk=user.pk)
    now = timezone.now()
    user.is_active = False
    user.banned_at = user.banned_at or now
    user.ban_reason = reason[:500]
    user.save(update_fields=["is_active", "banned_at", "ban_reason", "updated_at"])
    RefreshToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    on_user_banned(user=user)
    return user


@transaction.atomic
def user_unban(*, user: User) -> User:
    """Lifts a ban: the user may log in again and the listings the ban hid (and only those) are
    active again (the apps' registered unban effects)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.deleted_at is not None:
        return user  # a deleted account stays closed
    user.is_active = True
    user.banned_at = None
    user.ban_reason = ""
    user.save(update_fields=["is_active", "banned_at", "ban_reason", "updated_at"])
    on_user_unbanned(user=user)
    return user
