"""Writes of payments: a seller's payout profile (save, the KPS identity check and its retries,
staff's verification of a company, the iyzico sub-merchant key).

What "verified" means is in payments/models.py. The KPS call is made outside any transaction (a
slow KPS holds no lock); a check that finds the profile changed meanwhile leaves it to the newer
save.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.encryption import DecryptionError, current_key_id, token_key_id
from marketplace.errors import DomainError
from marketplace.models import AuditAction, User
from marketplace.services.audit import audit_record
from payments.error_codes import PaymentErrorCode
from payments.identity import identity_decrypt, identity_encrypt
from payments.iyzico.client import iyzico_client_get
from payments.iyzico.errors import (
    IyzicoDeclinedError,
    IyzicoError,
    IyzicoSignatureError,
)
from payments.iyzico.types import Address as IyzicoAddress
from payments.iyzico.types import BasketItem as IyzicoBasketItem
from payments.iyzico.types import Buyer as IyzicoBuyer
from payments.iyzico.types import CheckoutFormResult as IyzicoCheckoutResult
from payments.iyzico.types import SubMerchant, SubMerchantType
from payments.iyzico.webhooks import webhook_event_verify as iyzico_webhook_verify
from payments.kps import KpsUnavailable, kps_configured, kps_identity_verify
from payments.models import IdentityStatus, PayoutProfile
from payments.selectors import payout_profile_sub_merchant_data
from payments.validation import SECRET_FIELDS, PayoutFields, fields_needed, payout_fields_clean

logger = logging.getLogger(__name__)

SAVED_MESSAGE = _("Your payout details have been saved.")
KPS_CHECKED_TYPES = frozenset({SubMerchantType.PERSONAL, SubMerchantType.PRIVATE_COMPANY})
# What, when changed, makes a verified profile unverified again.
_IDENTITY_COLUMNS = ("sub_merchant_type", "first_name", "last_name", "company_title", "tax_office")


def _identity_of(columns: Mapping[str, Any], secrets: Mapping[str, Any]) -> tuple[Any, ...]:
    return (
        *(columns.get(column) for column in _IDENTITY_COLUMNS),
        *(secrets.get(name) for name in ("tckn", "vkn", "birth_year")),
    )


def _columns(profile: PayoutProfile) -> dict[str, Any]:
    return {column: getattr(profile, column) for column in _IDENTITY_COLUMNS}


def _secrets_merged(fields: PayoutFields, stored: Mapping[str, Any]) -> dict[str, Any]:
    """The new secrets: typed ones, else the stored ones; those the type does not keep dropped."""
    needed = fields_needed(fields.sub_merchant_type)
    merged: dict[str, Any] = {}
    for name in SECRET_FIELDS:
        if name not in needed:
            continue
        typed = getattr(fields, name)
        merged[name] = stored.get(name) if typed is None else typed
    return merged


def _kps_answer(*, first_name: str, last_name: str, secrets: Mapping[str, Any]) -> bool | None:
    """KPS's answer; None when it did not give one."""
    try:
        return kps_identity_verify(
            tckn=str(secrets["tckn"]),
            first_name=first_name,
            last_name=last_name,
            birth_year=int(secrets["birth_year"]),
        )
    except KpsUnavailable:
        return None


def _stored_secrets(profile: PayoutProfile | None) -> dict[str, Any]:
    """The saved secrets; none when they cannot be read (a retired key): they must be typed."""
    if profile is None:
        return {}
    try:
        return identity_decrypt(profile)
    except DecryptionError:
        logger.error(
            "Payout profile %s: identity data unreadable with the configured keys", profile.pk
        )
        return {}


def payout_profile_save(*, user: User, data: Mapping[str, Any]) -> PayoutProfile:
    """Creates or replaces the user's payout profile (`data`: what the page or the API sent).

    Every field is checked at once (INVALID_TCKN, INVALID_VKN, INVALID_IBAN, …). An individual or
    a sole proprietor is checked with KPS when it is configured: a "no" refuses the save
    (IDENTITY_NOT_VERIFIED); no answer saves the profile as pending, asked again later.
    """
    existing = PayoutProfile.objects.filter(user=user).first()
    stored = _stored_secrets(existing)
    fields = payout_fields_clean(data, stored_secrets=stored)
    secrets = _secrets_merged(fields, stored)
    columns = {
        "kind": fields.kind,
        "sub_merchant_type": fields.sub_merchant_type,
        "first_name": fields.first_name,
        "last_name": fields.last_name,
        "company_title": fields.company_title,
        "tax_office": fields.tax_office,
        "address": fields.address,
        "city": fields.city,
    }
    unchanged = existing is not None and _identity_of(_columns(existing), stored) == _identity_of(
        columns, secrets
    )
    status, verified_at = IdentityStatus.UNVERIFIED, None
    if unchanged and existing is not None and existing.identity_status == IdentityStatus.VERIFIED:
        status, verified_at = IdentityStatus.VERIFIED, existing.identity_verified_at
    elif fields.sub_merchant_type in KPS_CHECKED_TYPES and kps_configured():
        answer = _kps_answer(
            first_name=fields.first_name, last_name=fields.last_name, secrets=secrets
        )
        if answer is False:
            message = PaymentErrorCode.IDENTITY_NOT_VERIFIED.message
            raise DomainError(
                PaymentErrorCode.IDENTITY_NOT_VERIFIED,
                details={"tckn": [str(message)]},
            )
        if answer is None:
            status = IdentityStatus.PENDING
        else:
            status, verified_at = IdentityStatus.VERIFIED, timezone.now()

    with transaction.atomic():
        # One save per user at a time (the profile may not exist yet to be locked).
        User.objects.select_for_update().filter(pk=user.pk).first()
        profile = PayoutProfile.objects.filter(user=user).first() or PayoutProfile(user=user)
        for column, value in columns.items():
            setattr(profile, column, value)
        profile.identity_encrypted = identity_encrypt(secrets, profile=profile)
        profile.identity_status = status
        profile.identity_verified_at = verified_at
        profile.identity_check_attempts = 0
        profile.identity_next_check_at = (
            _next_check_at(attempts=0) if status == IdentityStatus.PENDING else None
        )
        profile.save()
    logger.info("Payout profile %s saved (%s, %s)", profile.pk, profile.sub_merchant_type, status)
    if iyzico_configured():
        # The seller becomes (or stays up to date as) an iyzico sub-merchant; iyzico being away
        # never loses the profile: the sync runs after commit, and the next save tries again.
        profile_id = profile.pk
        transaction.on_commit(lambda: _sub_merchant_sync_queue(profile_id))
    return profile


def _sub_merchant_sync_queue(profile_id: uuid.UUID) -> None:
    from payments.tasks import payout_profile_sub_merchant_sync_task

    payout_profile_sub_merchant_sync_task.delay(str(profile_id))


def iyzico_configured() -> bool:
    return bool(settings.IYZICO_API_KEY and settings.IYZICO_SECRET_KEY)


def payout_profile_sub_merchant_sync(*, profile_id: uuid.UUID) -> str:
    """Creates or updates the profile's iyzico sub-merchant and keeps its key; returns the key.
    IyzicoError (unreachable, or iyzico refused the details) leaves the profile as it was."""
    profile = PayoutProfile.objects.get(pk=profile_id)
    data = payout_profile_sub_merchant_data(user_id=profile.user_id)
    sub_merchant = SubMerchant(
        sub_merchant_type=SubMerchantType(data.sub_merchant_type),
        external_id=data.sub_merchant_external_id,
        name=data.name,
        email=data.email,
        gsm_number=data.gsm_number,
        address=data.address,
        iban=data.iban,
        contact_name=data.contact_name,
        contact_surname=data.contact_surname,
        identity_number=data.identity_number,
        tax_office=data.tax_office,
        tax_number=data.tax_number,
        legal_company_title=data.legal_company_title,
    )
    client = iyzico_client_get()
    if data.sub_merchant_key:
        client.sub_merchant_update(
            sub_merchant_key=data.sub_merchant_key,
            sub_merchant=sub_merchant,
            conversation_id=str(profile.pk),
        )
        return data.sub_merchant_key
    result = client.sub_merchant_create(sub_merchant=sub_merchant, conversation_id=str(profile.pk))
    payout_profile_sub_merchant_key_set(profile_id=profile.pk, key=result.sub_merchant_key)
    logger.info("Payout profile %s is an iyzico sub-merchant now", profile.pk)
    return result.sub_merchant_key


def _next_check_at(*, attempts: int) -> Any:
    """Exponential backoff with jitter: base, 2×base, 4×base, … (±10%)."""
    delay = settings.KPS_RETRY_BASE_SECONDS * (2**attempts) * random.uniform(0.9, 1.1)  # noqa: S311
    return timezone.now() + timedelta(seconds=delay)


def payout_profile_identity_check(*, profile_id: uuid.UUID) -> str:
    """Asks KPS again about a pending profile; returns its status afterwards. Idempotent: a
    profile no longer pending (verified, re-saved, deleted) is left alone."""
    profile = PayoutProfile.objects.filter(pk=profile_id).first()
    if profile is None:
        return "missing"
    if profile.identity_status != IdentityStatus.PENDING or not kps_configured():
        return str(profile.identity_status)
    asked = (profile.identity_encrypted, _columns(profile))
    answer = _kps_answer(
        first_name=profile.first_name,
        last_name=profile.last_name,
        secrets=identity_decrypt(profile),
    )
    with transaction.atomic():
        profile = PayoutProfile.objects.select_for_update().get(pk=profile_id)
        if (profile.identity_encrypted, _columns(profile)) != asked:
            return str(profile.identity_status)  # saved again meanwhile: that save decides
        if profile.identity_status != IdentityStatus.PENDING:
            return str(profile.identity_status)
        if answer is True:
            profile.identity_status = IdentityStatus.VERIFIED
            profile.identity_verified_at = timezone.now()
            profile.identity_next_check_at = None
        elif answer is False:
            profile.identity_status = IdentityStatus.REJECTED
            profile.identity_next_check_at = None
        else:
            profile.identity_check_attempts += 1
            if profile.identity_check_attempts >= settings.KPS_RETRY_MAX:
                profile.identity_status = IdentityStatus.UNVERIFIED  # saving again retries
                profile.identity_next_check_at = None
            else:
                profile.identity_next_check_at = _next_check_at(
                    attempts=profile.identity_check_attempts
                )
        profile.save(
            update_fields=[
                "identity_status",
                "identity_verified_at",
                "identity_check_attempts",
                "identity_next_check_at",
                "updated_at",
            ]
        )
    return str(profile.identity_status)


def payout_profiles_pending_check(*, limit: int = 100) -> int:
    """Beat: asks KPS about the pending profiles whose next check is due; how many it asked."""
    due = list(
        PayoutProfile.objects.filter(
            identity_status=IdentityStatus.PENDING, identity_next_check_at__lte=timezone.now()
        )
        .order_by("identity_next_check_at")
        .values_list("pk", flat=True)[:limit]
    )
    for profile_id in due:
        payout_profile_identity_check(profile_id=profile_id)
    return len(due)


def payout_profile_business_verify(
    *, profile_id: uuid.UUID, staff: User, reason: str = ""
) -> PayoutProfile:
    """Staff saw a limited or joint-stock company's tax certificate (vergi levhası) and confirm
    its VKN and title: KPS cannot check a company. An audit-log entry (without the identity
    data) records who confirmed it."""
    with transaction.atomic():
        profile = PayoutProfile.objects.select_for_update().get(pk=profile_id)
        if profile.sub_merchant_type != SubMerchantType.LIMITED_OR_JOINT_STOCK_COMPANY:
            raise DomainError(
                PaymentErrorCode.IDENTITY_NOT_VERIFIED,
                message=_("Only a company's details are verified by staff; people by KPS."),
            )
        before = {"identity_status": profile.identity_status}
        profile.identity_status = IdentityStatus.VERIFIED
        profile.identity_verified_at = timezone.now()
        profile.save(update_fields=["identity_status", "identity_verified_at", "updated_at"])
        audit_record(
            actor=staff,
            action=AuditAction.PAYOUT_PROFILE_VERIFY,
            target=profile,
            before=before,
            after={"identity_status": profile.identity_status},
            reason=reason,
        )
    logger.info("Payout profile %s verified by staff member %s", profile.pk, staff.pk)
    return profile


def payout_profile_sub_merchant_key_set(*, profile_id: uuid.UUID, key: str) -> PayoutProfile:
    """Stores the subMerchantKey iyzico answered the sub-merchant's create with."""
    with transaction.atomic():
        profile = PayoutProfile.objects.select_for_update().get(pk=profile_id)
        profile.sub_merchant_key = key
        profile.save(update_fields=["sub_merchant_key", "updated_at"])
    return profile


def payout_profile_erase(*, user: User) -> int:
    """Account deletion (KVKK): the profile and its identity data go; how many rows."""
    deleted, _by_model = PayoutProfile.objects.filter(user=user).delete()
    return deleted


def payout_profiles_keys_rotate() -> int:
    """Re-encrypts identity data made with an older key; how many profiles. One that cannot be
    read is an error (its key must stay configured until this has run)."""
    current = current_key_id()
    rotated = 0
    with transaction.atomic():
        for profile in PayoutProfile.objects.select_for_update():
            if token_key_id(profile.identity_encrypted) == current:
                continue
            profile.identity_encrypted = identity_encrypt(
                identity_decrypt(profile), profile=profile
            )
            profile.save(update_fields=["identity_encrypted", "updated_at"])
            rotated += 1
    return rotated


__all__ = [
    "IyzicoAddress",
    "IyzicoBasketItem",
    "IyzicoBuyer",
    "IyzicoCheckoutResult",
    "IyzicoDeclinedError",
    "IyzicoError",
    "IyzicoSignatureError",
    "iyzico_client_get",
    "iyzico_configured",
    "iyzico_webhook_verify",
    "payout_profile_business_verify",
    "payout_profile_erase",
    "payout_profile_identity_check",
    "payout_profile_save",
    "payout_profile_sub_merchant_key_set",
    "payout_profile_sub_merchant_sync",
    "payout_profiles_keys_rotate",
    "payout_profiles_pending_check",
]
