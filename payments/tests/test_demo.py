"""The demo sellers' payout profiles (`seed_demo`): valid, once, and iyzico sub-merchants of the
sandbox when iyzico is configured, also for profiles saved while it was not."""

from __future__ import annotations

import pytest
from django.test import override_settings

from marketplace.demo import DEMO_SELLER_EMAILS, demo_sellers, demo_users_load
from payments.demo import demo_payout_profiles_load
from payments.iyzico.sandbox import sandbox_running
from payments.models import PayoutProfile
from payments.tests.iyzico_support import API_KEY, SECRET_KEY

pytestmark = pytest.mark.django_db


def test_demo_sellers_get_profiles_once_and_become_sub_merchants_when_iyzico_is_there() -> None:
    sellers = demo_sellers(demo_users_load())
    with override_settings(IYZICO_API_KEY="", IYZICO_SECRET_KEY=""):
        assert demo_payout_profiles_load(sellers=sellers) == len(DEMO_SELLER_EMAILS)
    assert set(PayoutProfile.objects.values_list("sub_merchant_key", flat=True)) == {""}
    kinds = sorted(PayoutProfile.objects.values_list("sub_merchant_type", flat=True))
    assert kinds == [
        "LIMITED_OR_JOINT_STOCK_COMPANY",
        "PERSONAL",
        "PRIVATE_COMPANY",
        "PRIVATE_COMPANY",
    ]

    with (
        sandbox_running(api_key=API_KEY, secret_key=SECRET_KEY) as sandbox,
        override_settings(
            IYZICO_API_KEY=API_KEY, IYZICO_SECRET_KEY=SECRET_KEY, IYZICO_BASE_URL=sandbox.base_url
        ),
    ):
        assert demo_payout_profiles_load(sellers=sellers) == 0  # nothing new: keys only
        keys = set(PayoutProfile.objects.values_list("sub_merchant_key", flat=True))
        assert keys == set(sandbox.state.sub_merchants)
        assert len(keys) == len(DEMO_SELLER_EMAILS)
        # Again: the same keys, no second sub-merchant at iyzico.
        assert demo_payout_profiles_load(sellers=sellers) == 0
        assert len(sandbox.state.sub_merchants) == len(DEMO_SELLER_EMAILS)
        registered = {m["subMerchantType"]: m for m in sandbox.state.sub_merchants.values()}
        assert registered["LIMITED_OR_JOINT_STOCK_COMPANY"]["taxNumber"] == "1234567808"
        assert registered["PERSONAL"]["iban"] == "TR640004600000000112233445"
