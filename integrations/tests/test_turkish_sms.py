"""Netgsm and İleti Merkezi adapters against local fakes of their documented APIs."""

from __future__ import annotations

from typing import Any

import pytest

from integrations.sms import sms_send
from integrations.sms.segments import sms_segments
from integrations.tests.fake_turkish_sms import FakeProvider

pytestmark = pytest.mark.django_db
TEXT = "BanaYeni SanaEski doğrulama kodunuz: 123456"


@pytest.mark.parametrize("fixture", ["fake_netgsm", "fake_iletimerkezi"])
def test_message_is_sent_in_the_documented_format(
    request: pytest.FixtureRequest, fixture: str
) -> None:
    fake: FakeProvider = request.getfixturevalue(fixture)
    result = sms_send(to="+905321234567", body=TEXT)
    assert fake.problems == []
    assert result.ok, result
    [received] = fake.messages
    assert (received.number, received.text) == ("5321234567", TEXT)
    assert result.message_id == received.message_id


@pytest.mark.parametrize(
    ("code", "retryable"), [("20", False), ("40", False), ("80", True), ("100", True)]
)
def test_netgsm_codes(fake_netgsm: FakeProvider, code: str, retryable: bool) -> None:
    fake_netgsm.script = [code]
    result = sms_send(to="+905321234567", body=TEXT)
    assert (result.ok, result.error_code, result.retryable) == (False, code, retryable)


def test_netgsm_wrong_password_is_permanent(fake_netgsm: FakeProvider, settings: Any) -> None:
    settings.NETGSM_PASSWORD = "wrong"
    result = sms_send(to="+905321234567", body=TEXT)
    assert (result.ok, result.error_code, result.retryable) == (False, "30", False)


@pytest.mark.parametrize(("code", "retryable"), [("402", False), ("451", False), ("503", True)])
def test_iletimerkezi_codes(fake_iletimerkezi: FakeProvider, code: str, retryable: bool) -> None:
    fake_iletimerkezi.script = [code]
    result = sms_send(to="+905321234567", body=TEXT)
    assert (result.ok, result.error_code, result.retryable) == (False, code, retryable)


def test_iletimerkezi_wrong_secret_fails_the_hash(
    fake_iletimerkezi: FakeProvider, settings: Any
) -> None:
    settings.ILETIMERKEZI_API_SECRET = "wrong"
    result = sms_send(to="+905321234567", body=TEXT)
    assert (result.ok, result.error_code, result.retryable) == (False, "401", False)


@pytest.mark.parametrize("fixture", ["fake_netgsm", "fake_iletimerkezi"])
def test_unreachable_is_retryable(
    request: pytest.FixtureRequest, fixture: str, settings: Any
) -> None:
    request.getfixturevalue(fixture)
    settings.NETGSM_API_BASE_URL = settings.ILETIMERKEZI_API_BASE_URL = "http://127.0.0.1:9"
    result = sms_send(to="+905321234567", body=TEXT)
    assert (result.ok, result.error_kind, result.retryable) == (False, "network_error", True)


@pytest.mark.parametrize(
    ("text", "encoding", "parts"),
    [
        ("Parca hazir, kargoya verildi.", "GSM-7", 1),
        ("a" * 160, "GSM-7", 1),
        ("a" * 161, "GSM-7", 2),
        ("€" * 80, "GSM-7", 1),  # extension characters count twice
        ("Şanzıman", "UCS-2", 1),
        ("ğ" * 70, "UCS-2", 1),
        ("ğ" * 71, "UCS-2", 2),
        ("BanaYeni SanaEski doğrulama kodunuz: 123456", "UCS-2", 1),
    ],
)
def test_sms_segments(text: str, encoding: str, parts: int) -> None:
    segments = sms_segments(text)
    assert (segments.encoding, segments.parts) == (encoding, parts)
