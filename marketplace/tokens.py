"""Short-lived signed access tokens (JWT, HS256) for the mobile API and WebSockets.

The accounts work issues them at login and pairs them with rotating refresh tokens; this module
only mints and checks the access token itself.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

import jwt
from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from marketplace.models import User

ACCESS_TOKEN_TYPE = "access"  # noqa: S105 - a claim value, not a secret
_ALGORITHM = "HS256"


class InvalidAccessToken(Exception):
    """The token cannot be used; `reason` is a stable machine-readable word."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class AccessTokenClaims:
    user_id: uuid.UUID
    token_id: str
    issued_at: datetime
    expires_at: datetime
    password_fingerprint: str


def _password_fingerprint(user: User) -> str:
    """Changes whenever the password does, so a token minted before a password change or reset
    stops working at once (as Django's session hash does for browser sessions)."""
    return salted_hmac(
        "marketplace.tokens.password", user.password, secret=settings.JWT_SIGNING_KEY
    ).hexdigest()[:16]


def access_token_create(*, user: User, lifetime: timedelta | None = None) -> str:
    now = timezone.now()
    lifetime = lifetime or timedelta(seconds=settings.ACCESS_TOKEN_LIFETIME_SECONDS)
    payload = {
        "sub": str(user.pk),
        "typ": ACCESS_TOKEN_TYPE,
        "jti": uuid.uuid4().hex,
        "iat": int(now.timestamp()),
        "exp": int((now + lifetime).timestamp()),
        "pwd": _password_fingerprint(user),
    }
    return jwt.encode(payload, settings.JWT_SIGNING_KEY, algorithm=_ALGORITHM)


def access_token_decode(token: str) -> AccessTokenClaims:
    try:
        payload = jwt.decode(
            token,
            settings.JWT_SIGNING_KEY,
            algorithms=[_ALGORITHM],
            options={"require": ["sub", "exp", "iat", "typ", "pwd"]},
        )
    except jwt.ExpiredSignatureError:
        raise InvalidAccessToken("token_expired") from None
    except jwt.PyJWTError:
        raise InvalidAccessToken("token_invalid") from None
    if payload.get("typ") != ACCESS_TOKEN_TYPE:
        raise InvalidAccessToken("token_invalid")
    try:
        user_id = uuid.UUID(str(payload["sub"]))
    except ValueError:
        raise InvalidAccessToken("token_invalid") from None
    return AccessTokenClaims(
        user_id=user_id,
        token_id=str(payload.get("jti", "")),
        issued_at=datetime.fromtimestamp(payload["iat"], tz=UTC),
        expires_at=datetime.fromtimestamp(payload["exp"], tz=UTC),
        password_fingerprint=str(payload["pwd"]),
    )


def user_get_for_access_token(token: str) -> tuple[User, AccessTokenClaims]:
    """The active user the token speaks for; raises InvalidAccessToken otherwise."""
    claims = access_token_decode(token)
    user = _active_user(claims.user_id)
    if user is None:
        raise InvalidAccessToken("user_inactive")
    if not constant_time_compare(claims.password_fingerprint, _password_fingerprint(user)):
        raise InvalidAccessToken("password_changed")
    return user, claims


def _active_user(user_id: uuid.UUID) -> User | None:
    """The user if active. Written out because every API request and socket with a token comes
    through here: the ORM built this one-row query in about twice the time the query took."""
    pk = User._meta.pk
    assert pk is not None
    found = list(User.objects.raw(_active_user_sql(), [pk.get_db_prep_value(user_id, connection)]))
    return found[0] if found else None


@cache
def _active_user_sql() -> str:
    """Built once; only names from the model's metadata are formatted in."""
    quote = connection.ops.quote_name
    meta = User._meta
    is_active = meta.get_field("is_active")
    assert meta.pk is not None
    assert meta.pk.column is not None
    assert isinstance(is_active, models.Field)
    assert is_active.column is not None
    return (
        f"SELECT * FROM {quote(meta.db_table)} "  # noqa: S608
        f"WHERE {quote(meta.pk.column)} = %s AND {quote(is_active.column)}"
    )
