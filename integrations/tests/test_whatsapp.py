"""WhatsApp through Meta's Cloud API: the documented request, answers and errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from integrations.tests.fake_meta import FakeMeta
from integrations.whatsapp import WhatsAppMessage, whatsapp_send

# Sending looks up the Integration Center connection of the channel first.
pytestmark = pytest.mark.django_db

MESSAGE = WhatsAppMessage(
    to="+905321234567",
    template_name="interest_notification",
    language="tr",
    variables=["Ahmet", "Alternatör", "Ayşe"],
    text="Merhaba Ahmet, Alternatör parçanıza Ayşe ilgi gösterdi.",
)


def test_template_message_is_sent_as_meta_documents_it(fake_meta: FakeMeta) -> None:
    result = whatsapp_send(MESSAGE)
    assert fake_meta.problems == []
    assert result.ok
    [received] = fake_meta.messages
    assert result.message_id == received.message_id
    assert (received.to, received.template, received.language) == (
        "905321234567",
        "interest_notification",
        "tr",
    )
    assert received.parameters == ["Ahmet", "Alternatör", "Ayşe"]


@pytest.mark.parametrize(
    ("answer", "retryable"),
    [
        ((400, 131026), False),  # message undeliverable
        ((404, 132001), False),  # template does not exist
        ((400, 130429), True),  # throughput limit
        ((500, 131000), True),  # something went wrong at Meta
        ((503, 133004), True),  # server temporarily unavailable
    ],
)
def test_meta_errors_become_results(
    fake_meta: FakeMeta, answer: tuple[int, int], retryable: bool
) -> None:
    fake_meta.script = [answer]
    result = whatsapp_send(MESSAGE)
    assert not result.ok
    assert result.error_code == str(answer[1])
    assert result.retryable is retryable


def test_wrong_token_is_permanent(fake_meta: FakeMeta, settings: Any) -> None:
    settings.WHATSAPP_CLOUD_ACCESS_TOKEN = "wrong"
    result = whatsapp_send(MESSAGE)
    assert (result.ok, result.error_code, result.retryable) == (False, "190", False)


def test_unreachable_is_retryable(fake_meta: FakeMeta, settings: Any) -> None:
    settings.WHATSAPP_CLOUD_API_BASE_URL = "http://127.0.0.1:9"
    result = whatsapp_send(MESSAGE)
    assert (result.ok, result.error_kind, result.retryable) == (False, "network_error", True)


def test_missing_credentials_are_a_configuration_error(settings: Any) -> None:
    settings.WHATSAPP_BACKEND = "integrations.whatsapp.backends.meta_cloud.MetaCloudWhatsAppBackend"
    settings.WHATSAPP_CLOUD_ACCESS_TOKEN = ""
    with pytest.raises(ImproperlyConfigured):
        whatsapp_send(MESSAGE)


def test_twilio_whatsapp_sends_the_content_template(fake_twilio: Any, settings: Any) -> None:
    settings.WHATSAPP_BACKEND = "integrations.whatsapp.backends.twilio.TwilioWhatsAppBackend"
    settings.TWILIO_WHATSAPP_FROM = "+14155238886"
    message = WhatsAppMessage(
        to="+905321234567",
        template_name="HX" + "a" * 32,
        language="tr",
        variables=["Ahmet", "Alternatör", "Ayşe"],
        text="Merhaba Ahmet, Alternatör parçanıza Ayşe ilgi gösterdi.",
    )
    result = whatsapp_send(message)
    assert fake_twilio.problems == []
    assert result.ok
    [received] = fake_twilio.messages
    assert (received.to, received.sender) == ("whatsapp:+905321234567", "whatsapp:+14155238886")
    assert received.content_sid == "HX" + "a" * 32
    assert json.loads(received.content_variables) == {"1": "Ahmet", "2": "Alternatör", "3": "Ayşe"}


def test_twilio_whatsapp_without_a_content_template_sends_the_text(
    fake_twilio: Any, settings: Any
) -> None:
    settings.WHATSAPP_BACKEND = "integrations.whatsapp.backends.twilio.TwilioWhatsAppBackend"
    settings.TWILIO_WHATSAPP_FROM = "+14155238886"
    assert whatsapp_send(MESSAGE).ok
    assert fake_twilio.messages[0].body == MESSAGE.text
