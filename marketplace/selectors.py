"""Reads of the core app: a user's current consents and the KVKK data export."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from marketplace.models import Consent, ConsentKind, User


def consent_current(*, user: User) -> dict[ConsentKind, bool]:
    """The latest answer per consent kind (kinds never answered are absent)."""
    current: dict[ConsentKind, bool] = {}
    for kind, granted in (
        Consent.objects.filter(user=user)
        .order_by("-created_at", "-id")
        .values_list("kind", "granted")
    ):
        current.setdefault(ConsentKind(kind), granted)
    return current


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def user_data_export(*, user: User) -> dict[str, Any]:
    """Everything we hold about `user`, as JSON-ready data (KVKK article 11: the right to know):
    the core's part (profile, consents, sessions) and each app's registered section (listings,
    interests, conversations, messages, reports, blocks, notifications)."""
    from marketplace.privacy_registry import export_sections

    return {
        "exported_at": _iso(timezone.now()),
        "kvkk_text_version": settings.KVKK_TEXT_VERSION,
        "profile": {
            "id": str(user.pk),
            "email": user.email,
            "display_name": user.display_name,
            "phone": user.phone,
            "phone_verified_at": _iso(user.phone_verified_at),
            "city": user.city,
            "is_business_seller": user.is_business_seller,
            "avatar": default_storage.url(user.avatar.name) if user.avatar else None,
            "created_at": _iso(user.created_at),
            "last_login": _iso(user.last_login),
            "notification_preferences": {
                "email": user.notify_email,
                "sms": user.notify_sms,
                "whatsapp": user.notify_whatsapp,
            },
        },
        "consents": [
            {
                "kind": consent.kind,
                "granted": consent.granted,
                "text_version": consent.text_version,
                "created_at": _iso(consent.created_at),
                "ip_address": consent.ip_address,
            }
            for consent in Consent.objects.filter(user=user).order_by("created_at", "id")
        ],
        "sessions": [
            {
                "created_at": _iso(token.created_at),
                "expires_at": _iso(token.expires_at),
                "revoked_at": _iso(token.revoked_at),
                "user_agent": token.user_agent,
                "ip_address": token.ip_address,
            }
            for token in user.refresh_tokens.filter(used_at__isnull=True).order_by("created_at")
        ],
        **export_sections(user=user),
    }


def account_confirms_sign_up(*, user_id: object) -> bool:
    """Whether confirming an address of this account now would be its sign-up confirmation:
    it has never had a confirmed address (an e-mail change happens on a confirmed account)."""
    from allauth.account.models import EmailAddress

    return not EmailAddress.objects.filter(user_id=user_id, verified=True).exists()
