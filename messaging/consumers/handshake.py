"""Who is on the other end of a chat socket: the browser session (same-site Origin only) or
an access token from the handshake or an `auth` frame."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.http.request import split_domain_port, validate_host

from marketplace.models import User
from marketplace.tokens import InvalidAccessToken, user_get_for_access_token
from messaging.consumers.actions import in_database_thread

BEARER_SUBPROTOCOL = "bearer"


def origin_is_this_site(headers: dict[bytes, bytes]) -> bool:
    """True when the Origin is the host the browser connected to, or one of ALLOWED_HOSTS
    (Channels' AllowedHostsOriginValidator, but "*" never lets a foreign page in)."""
    raw_origin = headers.get(b"origin")
    if not raw_origin:
        return False
    try:
        origin = urlsplit(raw_origin.decode("latin1"))
    except ValueError:
        return False
    if origin.scheme not in {"http", "https"} or not origin.netloc:
        return False
    host = headers.get(b"host", b"").decode("latin1").lower()
    if host and origin.netloc.lower() == host:
        return True
    domain, _port = split_domain_port(origin.netloc)
    allowed = [pattern for pattern in settings.ALLOWED_HOSTS if pattern != "*"]
    return bool(domain) and validate_host(domain, allowed)


def handshake_token(scope: dict[str, Any]) -> tuple[str | None, str | None]:
    """(token, subprotocol to accept with) from the query string or the subprotocols."""
    subprotocols = list(scope.get("subprotocols") or [])
    if len(subprotocols) >= 2 and subprotocols[0].lower() == BEARER_SUBPROTOCOL:
        return subprotocols[1], subprotocols[0]
    query = parse_qs(scope.get("query_string", b"").decode("latin1"))
    tokens = query.get("token")
    if tokens and tokens[0]:
        return tokens[0], None
    return None, None


@dataclass(frozen=True)
class TokenCheck:
    """The outcome of checking an access token: its active user and expiry, or why not."""

    user: User | None
    expires_at: datetime | None = None
    reason: str = ""


@in_database_thread
def token_check(token: str) -> TokenCheck:
    try:
        user, claims = user_get_for_access_token(token)
    except InvalidAccessToken as error:
        return TokenCheck(user=None, reason=error.reason)
    return TokenCheck(user=user, expires_at=claims.expires_at)
