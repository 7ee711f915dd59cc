"""KVKK part of payments: the payout profile in the user's data export (identity numbers masked,
as everywhere they are shown) and its deletion with the account. Registered in apps.py."""

from __future__ import annotations

from typing import Any

from marketplace.models import User
from marketplace.timestamps import api_datetime
from payments.selectors import payout_profile_for_user
from payments.services import payout_profile_erase


def payout_profile_export(user: User) -> dict[str, Any] | None:
    view = payout_profile_for_user(user=user)
    if view is None:
        return None
    return {
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
        "identity_status": view.identity_status,
        "identity_verified_at": api_datetime(view.identity_verified_at)
        if view.identity_verified_at
        else None,
        "iyzico_sub_merchant_registered": view.sub_merchant_registered,
        "updated_at": api_datetime(view.updated_at),
    }


def payout_profile_erase_for_account(user: User) -> int:
    return payout_profile_erase(user=user)
