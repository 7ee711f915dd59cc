"""Sellers' payout profiles: who iyzico pays a seller's share to (one iyzico sub-merchant each).

The identity data (TC kimlik no, VKN, IBAN, birth year) is one encrypted JSON value
(`identity_encrypted`, marketplace.encryption) bound to the profile's user; nothing else holds it
in clear. What "verified" means (`identity_verified_at`, the "Doğrulanmış satıcı" badge):
- an individual (PERSONAL) and a sole proprietorship (PRIVATE_COMPANY, through its owner's
  TC kimlik no) are verified only when the public KPS service (NVİ's TCKimlikNoDogrula) said that
  the number, name, surname and birth year belong together; with KPS not configured they stay
  unverified (a checksum proves nothing about the person);
- a limited or joint-stock company's VKN cannot be checked by KPS: staff verify it in the admin
  after seeing its tax certificate (vergi levhası), through `payout_profile_business_verify`.
Any change of the identity or the name clears the verification and checks again.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.cities import CITY_CHOICES


class PayoutProfileKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    BUSINESS = "business", _("Business")


class SubMerchantType(models.TextChoices):
    """iyzico's sub-merchant types (docs.iyzico.com, Pazaryeri: Alt Üye Oluşturma)."""

    PERSONAL = "PERSONAL", _("Individual")
    PRIVATE_COMPANY = "PRIVATE_COMPANY", _("Sole proprietorship")
    LIMITED_OR_JOINT_STOCK_COMPANY = (
        "LIMITED_OR_JOINT_STOCK_COMPANY",
        _("Limited or joint-stock company"),
    )


class IdentityStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Not verified")  # KPS not configured, or waits for staff
    PENDING = "pending", _("Verification pending")  # KPS did not answer; retried later
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Identity details do not match")


class PayoutProfile(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="payout_profile"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PayoutProfileKind.choices)
    sub_merchant_type = models.CharField(
        _("sub-merchant type"), max_length=32, choices=SubMerchantType.choices
    )
    # The individual, or the business's contact person (the owner of a sole proprietorship).
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    company_title = models.CharField(_("legal company title"), max_length=200, blank=True)
    tax_office = models.CharField(_("tax office"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=400)
    city = models.CharField(_("city"), max_length=32, choices=CITY_CHOICES)
    # {"tckn", "vkn", "iban", "birth_year"}: AES-GCM, bound to the user (never in clear).
    identity_encrypted = models.TextField(editable=False)
    identity_status = models.CharField(
        _("identity status"),
        max_length=16,
        choices=IdentityStatus.choices,
        default=IdentityStatus.UNVERIFIED,
    )
    identity_verified_at = models.DateTimeField(_("identity verified at"), null=True, blank=True)
    # A pending check: how many times KPS did not answer, and when to ask again (backoff).
    identity_check_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    identity_next_check_at = models.DateTimeField(null=True, blank=True, editable=False)
    sub_merchant_key = models.CharField(_("iyzico sub-merchant key"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("payout profile")
        verbose_name_plural = _("payout profiles")
        constraints = [
            models.CheckConstraint(
                name="payout_profile_type_fits_kind",
                condition=(
                    models.Q(kind="individual", sub_merchant_type="PERSONAL")
                    | models.Q(
                        kind="business",
                        sub_merchant_type__in=[
                            "PRIVATE_COMPANY",
                            "LIMITED_OR_JOINT_STOCK_COMPANY",
                        ],
                    )
                ),
            ),
            models.CheckConstraint(
                name="payout_profile_verified_has_time",
                condition=~models.Q(identity_status="verified")
                | models.Q(identity_verified_at__isnull=False),
            ),
        ]
        indexes = [
            models.Index(
                fields=["identity_status", "identity_next_check_at"], name="payout_pending_checks"
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def identity_bound_to(self) -> str:
        return f"payout-profile:{self.user_id}"
