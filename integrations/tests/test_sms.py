"""The SMS interface: backends chosen by SMS_BACKEND, and Twilio's wire format over real HTTP."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from integrations import sms
from integrations.tests.fake_twilio import FROM_NUMBER, FakeTwilio

# Sending looks up the Integration Center connection of the channel first.
pytestmark = pytest.mark.django_db


def test_locmem_backend_keeps_messages_in_the_outbox(sms_outbox: list[Any]) -> None:
    result = sms.sms_send(to="+905321234567", body="Merhaba")
    assert result.ok
    assert result.provider == "locmem"
    assert sms_outbox == [sms.SmsMessage(to="+905321234567", body="Merhaba")]


def _log_text(caplog: pytest.LogCaptureFixture) -> str:
    return json.dumps(
        [{**record.__dict__, "msg": record.getMessage()} for record in caplog.records],
        default=str,
        ensure_ascii=False,
    )


@pytest.mark.parametrize("debug", [True, False])
def test_console_backend_logs_the_code_only_on_a_developers_machine(
    settings: Any, debug: bool, caplog: pytest.LogCaptureFixture
) -> None:
    settings.SMS_BACKEND = "integrations.sms.backends.console.ConsoleSmsBackend"
    settings.CONSOLE_MESSAGES_IN_FULL = debug
    with caplog.at_level(logging.INFO, logger="integrations.sms"):
        result = sms.sms_send(to="+905321234567", body="Kodunuz: 123456")
    assert result.ok
    output = _log_text(caplog)
    if debug:
        assert "+905321234567" in output
        assert "123456" in output
    else:
        assert "+90532*****67" in output
        assert "123456" not in output
        assert "+905321234567" not in output


def test_unknown_backend_is_a_configuration_error(settings: Any) -> None:
    settings.SMS_BACKEND = "integrations.sms.backends.yok.YokBackend"
    with pytest.raises(ImproperlyConfigured):
        sms.sms_send(to="+905321234567", body="x")


def test_twilio_backend_needs_its_credentials(settings: Any) -> None:
    settings.SMS_BACKEND = "integrations.sms.backends.twilio.TwilioSmsBackend"
    settings.TWILIO_ACCOUNT_SID = ""
    with pytest.raises(ImproperlyConfigured):
        sms.sms_send(to="+905321234567", body="x")


def test_twilio_message_is_created_with_the_documented_request(fake_twilio: FakeTwilio) -> None:
    result = sms.sms_send(to="+905321234567", body="BanaYeni SanaEski doğrulama kodunuz: 123456")
    assert fake_twilio.problems == []
    assert result.ok
    assert result.provider == "twilio"
    assert result.status == "queued"
    [received] = fake_twilio.messages
    assert result.message_id == received.sid
    assert received.to == "+905321234567"
    assert received.body == "BanaYeni SanaEski doğrulama kodunuz: 123456"
    assert received.sender == FROM_NUMBER


def test_twilio_messaging_service_replaces_the_from_number(
    fake_twilio: FakeTwilio, settings: Any
) -> None:
    settings.TWILIO_MESSAGING_SERVICE_SID = "MG" + "a" * 32
    assert sms.sms_send(to="+905321234567", body="Merhaba").ok
    assert fake_twilio.problems == []
    assert fake_twilio.messages[0].sender == "MG" + "a" * 32


def test_twilio_wrong_credentials_are_a_permanent_failure(
    fake_twilio: FakeTwilio, settings: Any
) -> None:
    settings.TWILIO_AUTH_TOKEN = "yanlis"
    result = sms.sms_send(to="+905321234567", body="Merhaba")
    assert not result.ok
    assert result.error_code == "20003"
    assert result.error_message == "Authenticate"
    assert not result.retryable
    assert fake_twilio.messages == []


@pytest.mark.parametrize(
    ("status", "code", "retryable"), [(400, "21211", False), (500, "20500", True)]
)
def test_twilio_error_answers_become_failed_results(
    fake_twilio: FakeTwilio,
    status: int,
    code: str,
    retryable: bool,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake_twilio.answer = status
    with caplog.at_level(logging.INFO, logger="integrations.sms"):
        result = sms.sms_send(to="+905321234567", body="Kodunuz: 654321")
    assert fake_twilio.problems == []
    assert not result.ok
    assert result.status == str(status)
    assert result.error_code == code
    assert result.retryable is retryable
    # The failure is logged (Sentry sees errors), without the number or the code in clear.
    [record] = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert record.getMessage() == "SMS not sent"
    assert "+905321234567" not in _log_text(caplog)
    assert "654321" not in _log_text(caplog)


def test_twilio_unreachable_is_a_retryable_failure(fake_twilio: FakeTwilio, settings: Any) -> None:
    settings.TWILIO_API_BASE_URL = "http://127.0.0.1:9"  # discard port: nothing listens
    result = sms.sms_send(to="+905321234567", body="Merhaba")
    assert not result.ok
    assert result.error_kind == "network_error"
    assert result.retryable


def test_mask_phone_keeps_only_the_edges() -> None:
    assert sms.mask_phone("+905321234567") == "+90532*****67"
    assert sms.mask_phone("+90532") == "******"
