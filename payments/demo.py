"""Demo data for `manage.py seed_demo`: the demo sellers' payout profiles and, when iyzico is
configured (`make run` starts the local sandbox first), their iyzico sub-merchant keys, so a demo
buyer can be sent a payment request and pay it.

The identity numbers are made-up values with valid checksums (TCKN, VKN, IBAN mod 97), not anyone's
real numbers. Idempotent: a seller with a profile keeps it; a profile still without a sub-merchant
key gets one when iyzico is there.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from marketplace.models import User
from payments.selectors import payout_profile_for_user, payout_profile_sub_merchant_key
from payments.services import (
    IyzicoError,
    iyzico_configured,
    payout_profile_save,
    payout_profile_sub_merchant_sync,
)

logger = logging.getLogger(__name__)

# By the demo account's e-mail: a yard run by its owner (şahıs şirketi), a limited company, a
# second sole proprietor and a private person selling parts of their own car.
DEMO_PAYOUT_PROFILES: dict[str, dict[str, Any]] = {
    "satici@banayeni.local": {
        "kind": "business",
        "sub_merchant_type": "PRIVATE_COMPANY",
        "first_name": "Ali",
        "last_name": "Kaya",
        "tckn": "23456789060",
        "vkn": "4540536904",
        "birth_year": 1978,
        "tax_office": "İkitelli",
        "company_title": "Kaya Oto Çıkma - Ali Kaya",
        "iban": "TR63 0001 0009 1234 5678 9000 01",
        "address": "İkitelli OSB Oto Sanayi Sitesi 12. Blok No: 4, Başakşehir",
        "city": "İstanbul",
    },
    "anadolu@banayeni.local": {
        "kind": "business",
        "sub_merchant_type": "LIMITED_OR_JOINT_STOCK_COMPANY",
        "first_name": "Hasan",
        "last_name": "Çelik",
        "vkn": "1234567808",
        "tax_office": "Selçuk",
        "company_title": "Anadolu Yedek Parça Ltd. Şti.",
        "iban": "TR09 0006 2000 0062 9990 0012 34",
        "address": "Büsan Organize Sanayi Kosgeb Cad. No: 21, Karatay",
        "city": "Konya",
    },
    "ege@banayeni.local": {
        "kind": "business",
        "sub_merchant_type": "PRIVATE_COMPANY",
        "first_name": "Zeynep",
        "last_name": "Aydın",
        "tckn": "34567890170",
        "vkn": "4540536912",
        "birth_year": 1983,
        "tax_office": "Bornova",
        "company_title": "Ege Oto Sanayi - Zeynep Aydın",
        "iban": "TR07 0006 4000 0000 1298 7654 32",
        "address": "Işıkkent Oto Sanayi Sitesi 3. Blok No: 15, Bornova",
        "city": "İzmir",
    },
    "mehmet.usta@banayeni.local": {
        "kind": "individual",
        "first_name": "Mehmet",
        "last_name": "Demir",
        "tckn": "45678901280",
        "birth_year": 1975,
        "iban": "TR64 0004 6000 0000 0112 2334 45",
        "address": "Fatih Mah. Gökçe Sok. No: 8 Daire 2, Osmangazi",
        "city": "Bursa",
    },
}


def demo_payout_profiles_load(*, sellers: Sequence[User]) -> int:
    """Saves the demo sellers' payout profiles (once) and, with iyzico configured, makes each an
    iyzico sub-merchant; returns how many profiles it created."""
    created = 0
    for seller in sellers:
        data = DEMO_PAYOUT_PROFILES.get(seller.email)
        if data is None:
            continue
        if payout_profile_for_user(user=seller) is None:
            payout_profile_save(user=seller, data=data)
            created += 1
        if iyzico_configured() and not payout_profile_sub_merchant_key(user_id=seller.pk):
            profile = payout_profile_for_user(user=seller)
            assert profile is not None
            try:
                payout_profile_sub_merchant_sync(profile_id=profile.id)
            except IyzicoError as error:
                # The demo still loads; the seller's next save (or the next seed) tries again.
                logger.warning("Demo seller %s is no iyzico sub-merchant yet: %s", seller, error)
    return created
