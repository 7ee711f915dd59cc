"""API of one-time SMS codes: ask for a code, then log in with it or verify your own number."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.auth import (
    LOGGED_IN_MESSAGE,
    AuthUserSerializer,
    SessionSerializer,
    session_response,
    user_agent,
    validated,
)
from marketplace.api.authentication import BearerTokenAuthentication
from marketplace.api.responses import api_success
from marketplace.api.schema import envelope
from marketplace.client_ip import client_ip
from marketplace.models import PhoneOtpPurpose
from marketplace.services.phone_codes import phone_code_request, phone_code_verify
from marketplace.services.sessions import session_create

CODE_SENT_MESSAGE = _("Verification code sent")
PHONE_VERIFIED_MESSAGE = _("Your phone number has been verified")

_PHONE_HELP = "A Turkish mobile number in any usual spelling: 0532 123 45 67, +90 532 1234567…"
_PURPOSE_HELP = (
    "`login` (default): a code to log in with a verified number. "
    "`verify`: a code to prove the logged-in user's own number (Bearer token required)."
)


class OtpRequestSerializer(serializers.Serializer[Any]):
    phone = serializers.CharField(max_length=40, help_text=_PHONE_HELP)
    purpose = serializers.ChoiceField(
        choices=PhoneOtpPurpose.values, default=PhoneOtpPurpose.LOGIN, help_text=_PURPOSE_HELP
    )


class OtpVerifySerializer(OtpRequestSerializer):
    code = serializers.CharField(max_length=12, help_text="The six digits from the SMS")


class OtpRequestedSerializer(serializers.Serializer[Any]):
    expires_in = serializers.IntegerField(help_text="Seconds the code stays valid")


class PhoneVerifiedSerializer(serializers.Serializer[Any]):
    phone = serializers.CharField(help_text="E.164")
    phone_verified_at = serializers.DateTimeField()


OtpVerifiedSerializer = inline_serializer(
    name="OtpVerifiedResponse",
    fields={
        "success": serializers.BooleanField(),
        "message": serializers.CharField(),
        "user": AuthUserSerializer(required=False, help_text="purpose=login"),
        "session": SessionSerializer(required=False, help_text="purpose=login"),
        "data": PhoneVerifiedSerializer(required=False, help_text="purpose=verify"),
    },
)


def _user(request: Request) -> Any:
    return request.user if request.user.is_authenticated else None


def _validated(serializer_class: type[serializers.Serializer[Any]], request: Request) -> Any:
    data = validated(serializer_class, request)
    if data["purpose"] == PhoneOtpPurpose.VERIFY and not request.user.is_authenticated:
        raise exceptions.NotAuthenticated
    return data


class OtpRequestView(APIView):
    authentication_classes = [BearerTokenAuthentication]
    throttle_category = "auth"
    # 429 also for OTP_SEND_LIMITED (3 codes per number and per IP an hour); 503: SMS not sent,
    # or Redis (the rate limits' store) down.
    api_error_statuses = (400, 401, 429, 503)

    @extend_schema(
        operation_id="auth_otp_request",
        summary="Text a one-time code to a phone number",
        description=(
            "Always answers the same for `login`, whether or not the number belongs to an "
            "account; only an account's verified number receives an SMS. At most 3 codes per "
            "number and per IP address an hour (`OTP_SEND_LIMITED`, 429); a code is valid for "
            "5 minutes and 3 tries. 503 when the SMS provider refused the message, or while the "
            "rate limits cannot be counted (the same answer for every number)."
        ),
        request=OtpRequestSerializer,
        responses={200: envelope(OtpRequestedSerializer(), name="OtpRequestedEnvelope")},
        examples=[OpenApiExample("Login", value={"phone": "0532 123 45 67"}, request_only=True)],
    )
    def post(self, request: Request) -> Response:
        data = _validated(OtpRequestSerializer, request)
        requested = phone_code_request(
            phone=data["phone"],
            purpose=data["purpose"],
            ip_address=client_ip(request),
            user=_user(request),
        )
        return api_success({"expires_in": requested.expires_in}, message=CODE_SENT_MESSAGE)


class OtpVerifyView(APIView):
    authentication_classes = [BearerTokenAuthentication]
    throttle_category = "auth"
    api_error_statuses = (400, 401, 403, 429)

    @extend_schema(
        operation_id="auth_otp_verify",
        summary="Log in with, or verify, a phone number by its one-time code",
        description=(
            "`login`: answers like `POST /api/auth/login`, with `user` and `session`. "
            "`verify`: sets the logged-in user's phone number as verified."
        ),
        request=OtpVerifySerializer,
        responses={200: OtpVerifiedSerializer},
    )
    def post(self, request: Request) -> Response:
        data = _validated(OtpVerifySerializer, request)
        user = phone_code_verify(
            phone=data["phone"], code=data["code"], purpose=data["purpose"], user=_user(request)
        )
        if data["purpose"] == PhoneOtpPurpose.VERIFY:
            return api_success(
                {"phone": user.phone, "phone_verified_at": user.phone_verified_at},
                message=PHONE_VERIFIED_MESSAGE,
            )
        session = session_create(
            user=user, user_agent=user_agent(request), ip_address=client_ip(request)
        )
        return session_response(session, LOGGED_IN_MESSAGE)
