"""Reads of payments: a seller's payout profile as shown back (masked), who is a verified seller
(the "Doğrulanmış satıcı" badge), and the plain data iyzico's sub-merchant create/update needs."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings

from marketplace.encryption import DecryptionError
from marketplace.errors import DomainError
from marketplace.models import User
from payments.error_codes import PaymentErrorCode
from payments.identity import identity_decrypt, mask_iban, mask_tail
from payments.models import PayoutProfile, SubMerchantType


@dataclass(frozen=True)
class PayoutProfileView:
    """A profile as its owner sees it: identity numbers masked, never in full."""

    id: uuid.UUID
    kind: str
    sub_merchant_type: str
    first_name: str
    last_name: str
    company_title: str
    tax_office: str
    address: str
    city: str
    tckn_masked: str | None
    vkn_masked: str | None
    iban_masked: str | None
    birth_year_entered: bool
    identity_status: str
    identity_verified_at: datetime | None
    sub_merchant_registered: bool
    updated_at: datetime

    @property
    def verified(self) -> bool:
        return self.identity_verified_at is not None


def _readable_secrets(profile: PayoutProfile) -> dict[str, Any]:
    try:
        return identity_decrypt(profile)
    except DecryptionError:
        return {}


def payout_profile_view(profile: PayoutProfile) -> PayoutProfileView:
    secrets = _readable_secrets(profile)
    return PayoutProfileView(
        id=profile.pk,
        kind=profile.kind,
        sub_merchant_type=profile.sub_merchant_type,
        first_name=profile.first_name,
        last_name=profile.last_name,
        company_title=profile.company_title,
        tax_office=profile.tax_office,
        address=profile.address,
        city=profile.city,
        tckn_masked=mask_tail(secrets.get("tckn")),
        vkn_masked=mask_tail(secrets.get("vkn")),
        iban_masked=mask_iban(secrets.get("iban")),
        birth_year_entered=bool(secrets.get("birth_year")),
        identity_status=profile.identity_status,
        identity_verified_at=profile.identity_verified_at,
        sub_merchant_registered=bool(profile.sub_merchant_key),
        updated_at=profile.updated_at,
    )


def payout_profile_for_user(*, user: User) -> PayoutProfileView | None:
    """The user's own profile, masked; None before they entered one."""
    profile = PayoutProfile.objects.filter(user=user).first()
    return payout_profile_view(profile) if profile is not None else None


def seller_verified_ids(*, user_ids: Iterable[Any]) -> set[Any]:
    """Those of `user_ids` whose identity is verified (the "Doğrulanmış satıcı" badge)."""
    ids = list(user_ids)
    if not ids:
        return set()
    return set(
        PayoutProfile.objects.filter(
            user_id__in=ids, identity_verified_at__isnull=False
        ).values_list("user_id", flat=True)
    )


@dataclass(frozen=True)
class SubMerchantData:
    """What iyzico's sub-merchant create/update takes (docs.iyzico.com, Pazaryeri: Alt Üye
    Oluşturma), decrypted; "" where the type does not use a field. `iyzico_fields()` gives them
    by iyzico's names."""

    profile_id: uuid.UUID
    sub_merchant_external_id: str
    sub_merchant_type: str
    sub_merchant_key: str  # "" until created at iyzico
    name: str
    email: str
    gsm_number: str
    address: str
    iban: str
    contact_name: str
    contact_surname: str
    identity_number: str
    tax_office: str
    tax_number: str
    legal_company_title: str

    def iyzico_fields(self) -> dict[str, str]:
        """subMerchantExternalId, subMerchantType, name, email, gsmNumber, address, iban,
        contactName, contactSurname, identityNumber, taxOffice, taxNumber, legalCompanyTitle
        (and subMerchantKey once there is one); the empty ones left out."""
        names = {
            "subMerchantExternalId": self.sub_merchant_external_id,
            "subMerchantType": self.sub_merchant_type,
            "subMerchantKey": self.sub_merchant_key,
            "name": self.name,
            "email": self.email,
            "gsmNumber": self.gsm_number,
            "address": self.address,
            "iban": self.iban,
            "contactName": self.contact_name,
            "contactSurname": self.contact_surname,
            "identityNumber": self.identity_number,
            "taxOffice": self.tax_office,
            "taxNumber": self.tax_number,
            "legalCompanyTitle": self.legal_company_title,
        }
        return {name: value for name, value in names.items() if value}


def payout_profile_sub_merchant_data(*, user_id: Any) -> SubMerchantData:
    """The seller's sub-merchant, for the iyzico adapter; PAYOUT_PROFILE_NOT_FOUND if none.
    The external id is the user's id (stable, and reveals nothing)."""
    profile = PayoutProfile.objects.select_related("user").filter(user_id=user_id).first()
    if profile is None:
        raise DomainError(PaymentErrorCode.PAYOUT_PROFILE_NOT_FOUND)
    secrets = identity_decrypt(profile)
    personal = profile.sub_merchant_type == SubMerchantType.PERSONAL
    return SubMerchantData(
        profile_id=profile.pk,
        sub_merchant_external_id=str(profile.user_id),
        sub_merchant_type=profile.sub_merchant_type,
        sub_merchant_key=profile.sub_merchant_key,
        name=f"{profile.first_name} {profile.last_name}" if personal else profile.company_title,
        email=profile.user.email,
        gsm_number=profile.user.phone or "",
        address=f"{profile.address}, {profile.city}",
        iban=str(secrets.get("iban", "")),
        contact_name=profile.first_name,
        contact_surname=profile.last_name,
        identity_number=str(secrets.get("tckn", "")),
        tax_office=profile.tax_office,
        tax_number=str(secrets.get("vkn", "")),
        legal_company_title=profile.company_title,
    )


def payout_profile_sub_merchant_key(*, user_id: Any) -> str:
    """The seller's iyzico sub-merchant key, "" while they have none (no profile, or iyzico has
    not answered yet)."""
    key = PayoutProfile.objects.filter(user_id=user_id).values_list("sub_merchant_key", flat=True)
    return next(iter(key), "") or ""


def seller_is_business(*, user_id: Any) -> bool:
    """A seller with a business payout profile (14 days for returns instead of 2)."""
    return PayoutProfile.objects.filter(user_id=user_id, kind="business").exists()


def iyzico_payment_page_origins() -> list[str]:
    """The origins of iyzico's hosted payment page: a page whose form leads there (through our
    redirect) must allow them in CSP form-action."""
    return [origin.rstrip("/") for origin in settings.IYZICO_PAYMENT_PAGE_ORIGINS if origin]
