"""Shapes of the payout-profile API: the request body (its rules are the service's) and the
masked profile it answers with."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from marketplace.api.fields import (
    BodySerializer,
    ServiceRuleCharField,
    ServiceRuleChoiceField,
    ServiceRuleMixin,
)
from marketplace.timestamps import api_datetime
from payments.models import IdentityStatus, PayoutProfileKind, SubMerchantType
from payments.selectors import PayoutProfileView


class ServiceRuleIntegerField(ServiceRuleMixin, serializers.IntegerField):
    """A whole number whose rule is the service's."""


class PayoutProfileInputSerializer(BodySerializer):
    """`PUT /api/me/payout-profile`: the whole profile. A secret (tckn, vkn, iban, birth_year)
    left out or blank keeps the saved one; each is refused in Turkish with its code."""

    kind = ServiceRuleChoiceField(choices=PayoutProfileKind.values)
    sub_merchant_type = ServiceRuleChoiceField(
        choices=SubMerchantType.values,
        required=False,
        help_text="PERSONAL for an individual (the default); PRIVATE_COMPANY (şahıs şirketi) "
        "or LIMITED_OR_JOINT_STOCK_COMPANY for a business",
    )
    first_name = ServiceRuleCharField(help_text="The individual's, or the contact person's")
    last_name = ServiceRuleCharField()
    tckn = ServiceRuleCharField(
        required=False, help_text="T.C. kimlik no: individuals and sole proprietors (INVALID_TCKN)"
    )
    birth_year = ServiceRuleIntegerField(
        required=False, help_text="For the identity check (KPS), with tckn"
    )
    vkn = ServiceRuleCharField(
        required=False, help_text="Vergi kimlik no: businesses (INVALID_VKN)"
    )
    tax_office = ServiceRuleCharField(required=False, help_text="Businesses")
    company_title = ServiceRuleCharField(required=False, help_text="Legal title: businesses")
    iban = ServiceRuleCharField(help_text="A Turkish IBAN, any spacing (INVALID_IBAN)")
    address = ServiceRuleCharField()
    city = ServiceRuleCharField(help_text="One of the 81 provinces (INVALID_TURKISH_CITY)")


class PayoutProfileSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=PayoutProfileKind.values)
    sub_merchant_type = serializers.ChoiceField(choices=SubMerchantType.values)
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    company_title = serializers.CharField(allow_blank=True)
    tax_office = serializers.CharField(allow_blank=True)
    address = serializers.CharField()
    city = serializers.CharField()
    tckn = serializers.CharField(allow_null=True, help_text="Masked: *******6060")
    vkn = serializers.CharField(allow_null=True, help_text="Masked: ******6920")
    iban = serializers.CharField(allow_null=True, help_text="Masked: TR** **** … 1326")
    birth_year_entered = serializers.BooleanField()
    identity_status = serializers.ChoiceField(
        choices=IdentityStatus.values,
        help_text="verified: KPS (or staff, for a company) confirmed the identity; pending: KPS "
        "did not answer, asked again later; rejected: KPS said the details do not match",
    )
    verified = serializers.BooleanField(help_text='Shown as "Doğrulanmış satıcı"')
    identity_verified_at = serializers.DateTimeField(allow_null=True)
    sub_merchant_registered = serializers.BooleanField(help_text="Known to iyzico")
    updated_at = serializers.DateTimeField()


class PayoutProfileDataSerializer(serializers.Serializer[Any]):
    """`payout_profile` is left out before the user entered one (a nullable $ref is not checked
    right by the response validator)."""

    entered = serializers.BooleanField(help_text="Whether the user entered payout details")
    payout_profile = PayoutProfileSerializer(required=False)


def payout_profile_envelope_data(view: PayoutProfileView | None) -> dict[str, Any]:
    if view is None:
        return {"entered": False}
    return {"entered": True, "payout_profile": payout_profile_data(view)}


def payout_profile_data(view: PayoutProfileView) -> dict[str, Any]:
    return {
        "id": str(view.id),
        "kind": view.kind,
        "sub_merchant_type": view.sub_merchant_type,
        "first_name": view.first_name,
        "last_name": view.last_name,
        "company_title": view.company_title,
        "tax_office": view.tax_office,
        "address": view.address,
        "city": view.city,
        "tckn": view.tckn_masked,
        "vkn": view.vkn_masked,
        "iban": view.iban_masked,
        "birth_year_entered": view.birth_year_entered,
        "identity_status": view.identity_status,
        "verified": view.verified,
        "identity_verified_at": api_datetime(view.identity_verified_at)
        if view.identity_verified_at
        else None,
        "sub_merchant_registered": view.sub_merchant_registered,
        "updated_at": api_datetime(view.updated_at),
    }
