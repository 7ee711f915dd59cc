"""`Authorization: Bearer <access token>` for the API; 401 with WWW-Authenticate otherwise."""

from __future__ import annotations

from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from marketplace.models import User
from marketplace.tokens import AccessTokenClaims, InvalidAccessToken, user_get_for_access_token


class BearerTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request: Request) -> tuple[User, AccessTokenClaims] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(code="token_malformed")
        try:
            token = parts[1].decode("ascii")
            return user_get_for_access_token(token)
        except UnicodeDecodeError:
            raise AuthenticationFailed(code="token_malformed") from None
        except InvalidAccessToken as error:
            raise AuthenticationFailed(code=error.reason) from None

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'
