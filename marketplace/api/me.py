"""`/api/me`: the logged-in user's own profile, to read and to change."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.auth import MessageResponseSerializer
from marketplace.api.fields import (
    PhoneNumberField,
    StrictCharField,
    TurkishCityField,
    input_validated,
)
from marketplace.api.responses import api_success
from marketplace.api.schema import envelope
from marketplace.client_ip import client_ip
from marketplace.errors import DomainError, ErrorCode
from marketplace.models import User
from marketplace.selectors import user_data_export
from marketplace.services.privacy import account_delete_by_user
from marketplace.services.users import ProfileChanges, user_profile_update
from marketplace.timestamps import api_datetime

PROFILE_UPDATED_MESSAGE = _("Profile updated")
ACCOUNT_DELETED_MESSAGE = _("Your account has been deleted.")


class NotificationPreferencesSerializer(serializers.Serializer[Any]):
    email = serializers.BooleanField()
    sms = serializers.BooleanField()
    whatsapp = serializers.BooleanField()


class ProfileSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    email = serializers.EmailField()
    display_name = serializers.CharField(allow_blank=True)
    city = serializers.CharField(allow_null=True)
    phone = serializers.CharField(allow_null=True, help_text="E.164, e.g. +905321234567")
    phone_verified = serializers.BooleanField()
    is_business_seller = serializers.BooleanField()
    notification_preferences = NotificationPreferencesSerializer()
    created_at = serializers.DateTimeField()


class ProfileDataSerializer(serializers.Serializer[Any]):
    user = ProfileSerializer()


class NotificationPreferencesInputSerializer(serializers.Serializer[Any]):
    email = serializers.BooleanField(required=False)
    sms = serializers.BooleanField(required=False)
    whatsapp = serializers.BooleanField(required=False)


class ProfileUpdateSerializer(serializers.Serializer[Any]):
    """Only the fields sent change; `null` or "" clears the phone, "" clears the city."""

    display_name = StrictCharField(max_length=80, required=False, allow_blank=True)
    city = TurkishCityField(required=False, allow_blank=True)
    phone = PhoneNumberField(mobile_only=True, required=False, allow_blank=True, allow_null=True)
    notification_preferences = NotificationPreferencesInputSerializer(required=False)


class AccountDeleteSerializer(serializers.Serializer[Any]):
    password = StrictCharField(required=False, allow_blank=True, trim_whitespace=False)


class ReceivedCountSerializer(serializers.Serializer[Any]):
    made = serializers.ListField(child=serializers.DictField())
    received_count = serializers.IntegerField(
        help_text="How many others made one about the user (theirs, so only the number)"
    )


class MyDataSerializer(serializers.Serializer[Any]):
    exported_at = serializers.DateTimeField()
    kvkk_text_version = serializers.CharField()
    profile = serializers.DictField()
    consents = serializers.ListField(child=serializers.DictField())
    sessions = serializers.ListField(child=serializers.DictField())
    listings = serializers.ListField(child=serializers.DictField())
    interests = serializers.ListField(child=serializers.DictField())
    conversations = serializers.ListField(child=serializers.DictField())
    messages = serializers.ListField(
        child=serializers.DictField(), help_text="The messages the user wrote"
    )
    reports = ReceivedCountSerializer()
    blocks = ReceivedCountSerializer()
    notifications = serializers.ListField(
        child=serializers.DictField(),
        help_text="With their template variables; one-time codes and links never",
    )
    payout_profile = serializers.DictField(
        allow_null=True, required=False, help_text="Identity numbers and IBAN masked"
    )


class MyDataView(APIView):
    """Everything we hold about the user (KVKK article 11), as in /hesabim/verilerim/."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="me_data_export",
        summary="Download all my data (KVKK)",
        responses={200: envelope(MyDataSerializer(), name="MyDataEnvelope")},
    )
    def get(self, request: Request) -> Response:
        return api_success(user_data_export(user=MeView._user(request)))


def profile_data(user: User) -> dict[str, Any]:
    return {
        "id": str(user.pk),
        "email": user.email,
        "display_name": user.display_name,
        "city": user.city or None,
        "phone": user.phone or None,
        "phone_verified": user.phone_verified_at is not None,
        "is_business_seller": user.is_business_seller,
        "notification_preferences": {
            "email": user.notify_email,
            "sms": user.notify_sms,
            "whatsapp": user.notify_whatsapp,
        },
        "created_at": api_datetime(user.created_at),
    }


def _changes(validated: dict[str, Any]) -> ProfileChanges:
    changes = ProfileChanges()
    if "display_name" in validated:
        changes["display_name"] = validated["display_name"].strip()
    if "city" in validated:
        changes["city"] = validated["city"]
    if "phone" in validated:
        changes["phone"] = validated["phone"] or None
    preferences = validated.get("notification_preferences", {})
    if "email" in preferences:
        changes["notify_email"] = preferences["email"]
    if "sms" in preferences:
        changes["notify_sms"] = preferences["sms"]
    if "whatsapp" in preferences:
        changes["notify_whatsapp"] = preferences["whatsapp"]
    return changes


class MeView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    api_error_statuses = (400,)  # invalid profile fields; a wrong password on deletion

    @extend_schema(
        operation_id="me_retrieve",
        summary="My profile",
        responses={200: envelope(ProfileDataSerializer(), name="ProfileEnvelope")},
    )
    def get(self, request: Request) -> Response:
        return api_success({"user": profile_data(self._user(request))})

    @extend_schema(
        operation_id="me_update",
        summary="Change my profile (only the fields sent change)",
        description=(
            "A new phone number is unverified until confirmed by SMS code; a number used by "
            "another account is refused (VALIDATION_ERROR)."
        ),
        request=ProfileUpdateSerializer,
        responses={200: envelope(ProfileDataSerializer(), name="ProfileUpdatedEnvelope")},
    )
    def patch(self, request: Request) -> Response:
        data = input_validated(ProfileUpdateSerializer, request.data)
        user = user_profile_update(
            user=self._user(request), ip_address=client_ip(request), **_changes(data)
        )
        return api_success({"user": profile_data(user)}, message=PROFILE_UPDATED_MESSAGE)

    @extend_schema(
        operation_id="me_destroy",
        summary="Delete my account (KVKK)",
        description=(
            "Erases e-mail, phone, name, city and photo, removes the listings, ends every session "
            'and keeps messages for the other party as "Silinmiş kullanıcı". Accounts with a '
            "password must send it; accounts made with a social login or phone code send none."
        ),
        request=AccountDeleteSerializer,
        responses={200: MessageResponseSerializer},
    )
    def delete(self, request: Request) -> Response:
        data = input_validated(AccountDeleteSerializer, request.data)
        account_delete_by_user(user=self._user(request), password=data.get("password", ""))
        return Response({"success": True, "message": str(ACCOUNT_DELETED_MESSAGE)})

    @staticmethod
    def _user(request: Request) -> User:
        if not isinstance(request.user, User):  # IsAuthenticated guarantees it; this tells mypy
            raise DomainError(ErrorCode.UNAUTHORIZED)
        return request.user
