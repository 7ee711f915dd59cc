"""Payout profiles as people type them, and shortcuts to save them through the service."""

from __future__ import annotations

from typing import Any

from marketplace.models import User
from payments.models import PayoutProfile
from payments.services import payout_profile_save

TCKN = "10000000146"
OTHER_TCKN = "12345678950"
VKN = "4540536920"
IBAN = "TR330006100519786457841326"
IBAN_AS_TYPED = "tr33 0006 1005 1978 6457 8413 26"

INDIVIDUAL: dict[str, Any] = {
    "kind": "individual",
    "first_name": "ışık",
    "last_name": "ince",
    "tckn": TCKN,
    "birth_year": 1985,
    "iban": IBAN_AS_TYPED,
    "address": "Atatürk Cad. No: 12 Daire 3, Çankaya",
    "city": "ankara",
}
COMPANY: dict[str, Any] = {
    "kind": "business",
    "sub_merchant_type": "LIMITED_OR_JOINT_STOCK_COMPANY",
    "first_name": "Mehmet",
    "last_name": "Demir",
    "vkn": VKN,
    "tax_office": "Kadıköy",
    "company_title": "Demir Oto Yedek Parça Ltd. Şti.",
    "iban": IBAN,
    "address": "Sanayi Sitesi 4. Blok No: 7, Kadıköy",
    "city": "İstanbul",
}
SOLE_PROPRIETOR: dict[str, Any] = {
    **COMPANY,
    "sub_merchant_type": "PRIVATE_COMPANY",
    "company_title": "Demir Oto - Mehmet Demir",
    "tckn": OTHER_TCKN,
    "birth_year": 1979,
}
KPS_PERSON = (int(TCKN), "IŞIK", "İNCE", 1985)


def make_profile(*, user: User, **overrides: Any) -> PayoutProfile:
    return payout_profile_save(user=user, data={**INDIVIDUAL, **overrides})
