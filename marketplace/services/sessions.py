"""API sessions: a short-lived JWT access token paired with an opaque, rotating refresh token.

The refresh token is 256 random bits shown to the client once and stored only as its SHA-256
hash. Each refresh spends the presented token and issues the next one of the same family;
presenting a spent token again means it was copied, so the whole family is revoked.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from marketplace.account_hooks import on_password_changed
from marketplace.errors import DomainError, ErrorCode
from marketplace.models import RefreshToken, User
from marketplace.tokens import access_token_create


@dataclass(frozen=True)
class IssuedSession:
    user: User
    access_token: str
    refresh_token: str
    expires_in: int  # seconds the access token is valid
    token_type: str = "bearer"  # noqa: S105 - the OAuth token type, not a secret


def _refresh_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _session_issue(
    *, user: User, family: RefreshToken | None, user_agent: str, ip_address: str | None
) -> IssuedSession:
    now = timezone.now()
    refresh_token = secrets.token_urlsafe(32)
    fields = {
        "user": user,
        "token_hash": _refresh_token_hash(refresh_token),
        "created_at": now,
        "expires_at": now + timedelta(seconds=settings.REFRESH_TOKEN_LIFETIME_SECONDS),
        "user_agent": user_agent[:300],
        "ip_address": ip_address,
    }
    if family is not None:
        fields["family"] = family.family
    RefreshToken.objects.create(**fields)
    lifetime = settings.ACCESS_TOKEN_LIFETIME_SECONDS
    return IssuedSession(
        user=user,
        access_token=access_token_create(user=user, lifetime=timedelta(seconds=lifetime)),
        refresh_token=refresh_token,
        expires_in=lifetime,
    )


def session_create(
    *, user: User, user_agent: str = "", ip_address: str | None = None
) -> IssuedSession:
    """A new session (a new refresh-token family) for a user who has just proved who they are."""
    if not user.is_active:
        raise DomainError(ErrorCode.ACCOUNT_DISABLED)
    return _session_issue(user=user, family=None, user_agent=user_agent, ip_address=ip_address)


def refresh_token_family(refresh_token: str) -> str | None:
    """The family (one login's chain of sessions) of a presented refresh token, or None: what a
    refresh is counted against, since thousands of phones can share one carrier address."""
    if not isinstance(refresh_token, str) or not refresh_token or len(refresh_token) > 200:
        return None
    family = (
        RefreshToken.objects.filter(token_hash=_refresh_token_hash(refresh_token))
        .values_list("family", flat=True)
        .first()
    )
    return str(family) if family is not None else None


def session_refresh(
    *, refresh_token: str, user_agent: str = "", ip_address: str | None = None
) -> IssuedSession:
    """Spends `refresh_token` and issues the next session of its family.

    Unknown, expired or revoked tokens and inactive users get INVALID_REFRESH_TOKEN; a token
    that was already spent revokes its whole family first (the legitimate holder must log in).
    """
    now = timezone.now()
    with transaction.atomic():
        token = (
            RefreshToken.objects.select_for_update()
            .select_related("user")
            .filter(token_hash=_refresh_token_hash(refresh_token))
            .first()
        )
        if token is None or token.revoked_at is not None or token.expires_at <= now:
            raise DomainError(ErrorCode.INVALID_REFRESH_TOKEN)
        if token.used_at is not None:
            RefreshToken.objects.filter(family=token.family, revoked_at__isnull=True).update(
                revoked_at=now
            )
            reused = True
        else:
            reused = False
            if token.user.is_active:
                token.used_at = now
                token.save(update_fields=["used_at"])
    # Outside the block above, so the family's revocation is committed before we refuse.
    if reused or not token.user.is_active:
        raise DomainError(ErrorCode.INVALID_REFRESH_TOKEN)
    return _session_issue(
        user=token.user, family=token, user_agent=user_agent, ip_address=ip_address
    )


def session_revoke(
    *, user: User, refresh_token: str | None = None, everywhere: bool = False
) -> int:
    """Logs out: revokes the family of `refresh_token` (if it is the user's), or every session of
    the user with `everywhere`. Returns how many tokens were revoked."""
    live = RefreshToken.objects.filter(user=user, revoked_at__isnull=True, used_at__isnull=True)
    if not everywhere:
        if not refresh_token:
            return 0
        family = (
            RefreshToken.objects.filter(user=user, token_hash=_refresh_token_hash(refresh_token))
            .values_list("family", flat=True)
            .first()
        )
        if family is None:
            return 0
        live = live.filter(family=family)
    return live.update(revoked_at=timezone.now())


def user_password_set(
    *, user: User, password: str | None, keep_session_key: str | None = None
) -> None:
    """Sets a new password (None: no password login any more) and ends every other way in: all
    the user's refresh tokens are revoked, access tokens stop working (they carry a fingerprint
    of the password), browser sessions end (Django's session hash), and the apps' registered
    password-change effects run (messaging closes chat sockets after commit), sparing the browser
    session `keep_session_key` that changed it. A reset keeps nothing."""
    with transaction.atomic():
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.save(update_fields=["password", "updated_at"])
        RefreshToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        on_password_changed(user_id=user.pk, keep_session_key=keep_session_key)
