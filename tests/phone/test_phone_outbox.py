"""A phone code needs the outbox: without a registered one the request fails loudly, and no
code is left behind as if it had been texted."""

from __future__ import annotations

import pytest

from marketplace import outbox as outbox_port
from marketplace.models import PhoneOtp, User
from marketplace.outbox import OutboxNotRegistered
from marketplace.services.phone_codes import phone_code_request
from tests.phone.conftest import PHONE


def test_a_code_request_without_an_outbox_raises_and_stores_nothing(
    phone_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outbox_port, "_outbox", None)
    with pytest.raises(OutboxNotRegistered):
        phone_code_request(phone=PHONE, purpose="login", ip_address="203.0.113.7")
    assert not PhoneOtp.objects.exists()
