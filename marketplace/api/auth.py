"""Authentication endpoints of the mobile API (seed 002): register, login, refresh, logout.

Login answers the contract's `{success, user, message}` plus the session's tokens; the access
token goes in `Authorization: Bearer …`, the refresh token buys the next session once.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.authentication import BearerTokenAuthentication
from marketplace.api.fields import StrictCharField, StrictEmailField, input_validated
from marketplace.client_ip import client_ip
from marketplace.errors import DomainError, ErrorCode
from marketplace.models import User
from marketplace.services.accounts import (
    PRIVACY_NOTICE_REQUIRED_MESSAGE,
    account_login,
    account_register,
)
from marketplace.services.sessions import (
    IssuedSession,
    refresh_token_family,
    session_refresh,
    session_revoke,
)

REGISTERED_MESSAGE = _(
    "Registration successful. We have sent a verification link to your e-mail address."
)
LOGGED_IN_MESSAGE = _("Logged in successfully")
REFRESHED_MESSAGE = _("Session renewed")
LOGGED_OUT_MESSAGE = _("Logged out successfully")

# Long enough for any password manager, short enough that hashing it costs nothing unusual.
PASSWORD_MAX_LENGTH = 256


# --- Input --------------------------------------------------------------------------------------
class CredentialsSerializer(serializers.Serializer[Any]):
    email = StrictEmailField(max_length=254)
    password = StrictCharField(max_length=PASSWORD_MAX_LENGTH, trim_whitespace=False)


class RegisterInputSerializer(CredentialsSerializer):
    privacy_notice_accepted = serializers.BooleanField(
        help_text=(
            "Required, and must be true: the user read the privacy notice (aydınlatma metni, "
            "/kvkk/). Recorded with the account, as on the sign-up page."
        ),
        error_messages={"required": PRIVACY_NOTICE_REQUIRED_MESSAGE},
    )
    marketing_consent = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Optional: campaigns and news by e-mail (recorded only when true).",
    )


class RefreshInputSerializer(serializers.Serializer[Any]):
    refresh_token = StrictCharField(max_length=200)


class LogoutInputSerializer(serializers.Serializer[Any]):
    refresh_token = StrictCharField(max_length=200, required=False)
    all = serializers.BooleanField(required=False, default=False)


# --- Output -------------------------------------------------------------------------------------
class AuthUserSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    email = serializers.EmailField()


class SessionSerializer(serializers.Serializer[Any]):
    access_token = serializers.CharField(help_text="JWT for `Authorization: Bearer …`")
    refresh_token = serializers.CharField(help_text="Single use: POST it to /api/auth/refresh")
    token_type = serializers.ChoiceField(choices=["bearer"])
    expires_in = serializers.IntegerField(help_text="Seconds the access token is valid")


class SessionResponseSerializer(serializers.Serializer[Any]):
    success = serializers.BooleanField()
    user = AuthUserSerializer()
    message = serializers.CharField()
    session = SessionSerializer()


class RegisterResponseSerializer(serializers.Serializer[Any]):
    success = serializers.BooleanField()
    message = serializers.CharField()
    requiresVerification = serializers.BooleanField()


class MessageResponseSerializer(serializers.Serializer[Any]):
    success = serializers.BooleanField()
    message = serializers.CharField()


# --- Helpers ------------------------------------------------------------------------------------
def validated(serializer_class: type[serializers.Serializer[Any]], request: Request) -> Any:
    return input_validated(serializer_class, request.data)


def user_agent(request: Request) -> str:
    return str(request.META.get("HTTP_USER_AGENT", ""))


def session_response(session: IssuedSession, message: Any) -> Response:
    return Response(
        {
            "success": True,
            "user": {"id": str(session.user.pk), "email": session.user.email},
            "message": str(message),
            "session": {
                "access_token": session.access_token,
                "refresh_token": session.refresh_token,
                "token_type": session.token_type,
                "expires_in": session.expires_in,
            },
        }
    )


def _django_request(request: Request) -> HttpRequest:
    return request._request


class AnonymousAuthView(APIView):
    """No authentication: a stale token or a browser session cookie must not get in the way."""

    authentication_classes: list[Any] = []
    permission_classes = [permissions.AllowAny]
    throttle_category = "auth"


# --- Views --------------------------------------------------------------------------------------
class RegisterView(AnonymousAuthView):
    @extend_schema(
        operation_id="auth_register",
        summary="Create an account (a verification link is e-mailed)",
        description=(
            "The answer is the same whether or not the address already has an account; the "
            "owner of an existing address is e-mailed instead. Login works after the link "
            "in the e-mail is followed. Beyond seed 002's `email` and `password`, "
            "`privacy_notice_accepted: true` is required (KVKK: no account without the "
            "aydınlatma metni acknowledgement); missing or false is a VALIDATION_ERROR with "
            "details.privacy_notice_accepted."
        ),
        request=RegisterInputSerializer,
        responses={201: RegisterResponseSerializer},
    )
    def post(self, request: Request) -> Response:
        data = validated(RegisterInputSerializer, request)
        account_register(
            request=_django_request(request),
            email=data["email"],
            password=data["password"],
            privacy_notice_accepted=data["privacy_notice_accepted"],
            marketing=data["marketing_consent"],
        )
        return Response(
            {"success": True, "message": str(REGISTERED_MESSAGE), "requiresVerification": True},
            status=201,
        )


class LoginView(AnonymousAuthView):
    # 401 INVALID_CREDENTIALS; 403 EMAIL_NOT_VERIFIED / ACCOUNT_DISABLED; 429 LOGIN_LOCKED.
    api_error_statuses = (401, 403)

    @extend_schema(
        operation_id="auth_login",
        summary="Log in with e-mail and password",
        description=(
            "401 INVALID_CREDENTIALS for a wrong password or an unknown address alike; "
            "403 EMAIL_NOT_VERIFIED or ACCOUNT_DISABLED only after a right password; "
            "429 LOGIN_LOCKED after repeated failures for the address, RATE_LIMITED after "
            "too many requests."
        ),
        request=CredentialsSerializer,
        responses={200: SessionResponseSerializer},
    )
    def post(self, request: Request) -> Response:
        data = validated(CredentialsSerializer, request)
        session = account_login(
            request=_django_request(request),
            email=data["email"],
            password=data["password"],
            user_agent=user_agent(request),
            ip_address=client_ip(request),
        )
        return session_response(session, LOGGED_IN_MESSAGE)


class RefreshView(AnonymousAuthView):
    api_error_statuses = (401,)  # INVALID_REFRESH_TOKEN
    # Counted per login (refresh-token family), not per address: behind a carrier's NAT thousands
    # of phones refresh from one IP, and a refused refresh logs the app's user out.
    throttle_category = "refresh"

    def throttle_identity(self, request: Request) -> str | None:
        body = RefreshInputSerializer(data=request.data)
        token = body.validated_data["refresh_token"] if body.is_valid() else None
        family = refresh_token_family(token) if token is not None else None
        return f"refresh-family:{family}" if family is not None else None

    @extend_schema(
        operation_id="auth_refresh",
        summary="Trade a refresh token for a new session",
        description=(
            "Each refresh token works once. Presenting a spent one again revokes every session "
            "descended from the same login (401 INVALID_REFRESH_TOKEN)."
        ),
        request=RefreshInputSerializer,
        responses={200: SessionResponseSerializer},
    )
    def post(self, request: Request) -> Response:
        data = validated(RefreshInputSerializer, request)
        session = session_refresh(
            refresh_token=data["refresh_token"],
            user_agent=user_agent(request),
            ip_address=client_ip(request),
        )
        return session_response(session, REFRESHED_MESSAGE)


class LogoutView(APIView):
    authentication_classes = [BearerTokenAuthentication]
    permission_classes = [permissions.IsAuthenticated]
    throttle_category = "auth"

    @extend_schema(
        operation_id="auth_logout",
        summary="Log out",
        description=(
            "Revokes the session of `refresh_token`, or every session of the user with "
            "`all: true`. The access token itself stays valid until it expires (minutes)."
        ),
        request=LogoutInputSerializer,
        responses={200: MessageResponseSerializer},
    )
    def post(self, request: Request) -> Response:
        data = validated(LogoutInputSerializer, request)
        user = request.user
        if not isinstance(user, User):  # IsAuthenticated guarantees it; this tells mypy
            raise DomainError(ErrorCode.UNAUTHORIZED)
        session_revoke(user=user, refresh_token=data.get("refresh_token"), everywhere=data["all"])
        return Response({"success": True, "message": str(LOGGED_OUT_MESSAGE)})
