"""Writes of the core app."""

from __future__ import annotations

from typing import Any, TypedDict, Unpack

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from marketplace.cities import resolve_city
from marketplace.errors import DomainError, ErrorCode
from marketplace.models import User, normalize_email_address
from marketplace.phone import InvalidPhoneError, normalize_phone
from marketplace.services.privacy import CHANNEL_CONSENTS, consents_update
from marketplace.text import NUL_MESSAGE, has_nul


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    display_name: str = "",
    phone: str | None = None,
    city: str = "",
    is_business_seller: bool = False,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Validates (e-mail, phone in any Turkish spelling, city) and saves a new user."""
    return User.objects.create_user(
        email=normalize_email_address(email),
        password=password,
        display_name=display_name,
        phone=phone,
        city=city,
        is_business_seller=is_business_seller,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )


class ProfileChanges(TypedDict, total=False):
    """What a user may change about themselves; absent keys stay as they are."""

    display_name: str
    city: str  # any spelling of a province; "" clears it
    phone: str | None  # any Turkish spelling; None or "" clears it
    notify_email: bool
    notify_sms: bool
    notify_whatsapp: bool


PHONE_TAKEN_MESSAGE = _("This phone number is already used by another account.")
DISPLAY_NAME_MAX_LENGTH = 80
DISPLAY_NAME_TOO_LONG_MESSAGE = _("The display name can be at most 80 characters.")


def user_profile_update(
    *, user: User, ip_address: str | None = None, **fields: Unpack[ProfileChanges]
) -> User:
    """Applies the changes sent. A new phone number is unverified until confirmed again;
    turning SMS or WhatsApp notifications on or off records the KVKK consent that goes with it."""
    changes: dict[str, Any] = dict(fields)
    if "display_name" in changes:
        changes["display_name"] = changes["display_name"].strip()
        if has_nul(changes["display_name"]):
            raise DomainError(
                ErrorCode.VALIDATION_ERROR, details={"display_name": [str(NUL_MESSAGE)]}
            )
        if len(changes["display_name"]) > DISPLAY_NAME_MAX_LENGTH:
            raise DomainError(
                ErrorCode.VALIDATION_ERROR,
                details={"display_name": [str(DISPLAY_NAME_TOO_LONG_MESSAGE)]},
            )
    if changes.get("city"):
        city = resolve_city(changes["city"])
        if city is None:
            raise DomainError(
                ErrorCode.INVALID_TURKISH_CITY,
                details={"city": [str(ErrorCode.INVALID_TURKISH_CITY.message)]},
            )
        changes["city"] = city
    if "phone" in changes:
        changes["phone"] = _phone_normalized(changes["phone"])
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if "phone" in changes:
            if changes["phone"] == locked.phone:
                del changes["phone"]  # the same number spelled differently: still verified
            elif changes["phone"] and _phone_used_elsewhere(changes["phone"], user=locked):
                raise _phone_taken()
            else:
                changes["phone_verified_at"] = None
        if not changes:
            return locked
        for name, value in changes.items():
            setattr(locked, name, value)
        try:
            with transaction.atomic():
                locked.save(update_fields=[*changes, "updated_at"])
        except IntegrityError:  # taken by a concurrent request since the check above
            raise _phone_taken() from None
        consents_update(
            user=locked,
            answers={
                kind: bool(changes[channel])
                for channel, kind in CHANNEL_CONSENTS.items()
                if channel in changes
            },
            ip_address=ip_address,
        )
    return locked


def _phone_normalized(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return normalize_phone(value, mobile_only=True)
    except InvalidPhoneError as error:
        raise DomainError(
            ErrorCode.INVALID_PHONE, details={"phone": [str(error.message)]}
        ) from None


def _phone_used_elsewhere(phone: str, *, user: User) -> bool:
    return User.objects.filter(phone=phone).exclude(pk=user.pk).exists()


def _phone_taken() -> DomainError:
    return DomainError(ErrorCode.VALIDATION_ERROR, details={"phone": [str(PHONE_TAKEN_MESSAGE)]})
