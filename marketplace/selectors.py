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
    """Everything we hold about `user`, as JSON-ready data (KVKK article 11: the right to know)."""
    from interests.models import Interest
    from parts.models import Part, PartImage
    from parts.services.images import part_image_url

    listings = []
    for part in Part.objects.filter(seller=user).order_by("created_at"):
        listings.append(
            {
                "id": str(part.pk),
                "title": part.title,
                "part_reference": part.part_reference,
                "condition": part.condition,
                "price": str(part.price),
                "location_city": part.location_city,
                "brand": part.brand,
                "model": part.model,
                "year": part.year,
                "description": part.description,
                "status": part.status,
                "view_count": part.view_count,
                "created_at": _iso(part.created_at),
                "updated_at": _iso(part.updated_at),
                "photos": [
                    part_image_url(image)
                    for image in PartImage.objects.filter(part=part).order_by("position")
                ],
            }
        )
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
        "listings": listings,
        "interests": [
            {"part_id": str(part_id), "type": kind, "created_at": _iso(created_at)}
            for part_id, kind, created_at in Interest.objects.filter(user=user)
            .order_by("created_at")
            .values_list("part_id", "type", "created_at")
        ],
        # Messages the user wrote arrive with the messaging work (issue 6).
        "messages": [],
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
    }
