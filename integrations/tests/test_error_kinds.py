"""Every adapter maps its provider's own error codes to the one shared set of error kinds, against
the local fake provider servers; the kind alone decides whether the outbox retries, and the admin
and the health endpoint count errors per kind."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from integrations import services
from integrations.errors import DeliveryErrorKind as Kind
from integrations.models import Notification, NotificationStatus
from integrations.sms import sms_send
from integrations.tests.fake_meta import FakeMeta
from integrations.tests.fake_turkish_sms import FakeProvider
from integrations.tests.fake_twilio import FakeTwilio
from integrations.whatsapp import WhatsAppMessage, whatsapp_send
from marketplace.models import User
from marketplace.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PHONE = "+905321234567"
TEXT = "BanaYeni SanaEski: parçanıza ilgi var"
META_MESSAGE = WhatsAppMessage(
    to=PHONE,
    template_name="interest_notification",
    language="tr",
    variables=["Ahmet", "Alternatör", "Ayşe"],
)


@pytest.mark.parametrize(
    ("answer", "kind", "retryable"),
    [
        ((401, 20003), Kind.AUTH_FAILED, False),
        ((400, 21211), Kind.INVALID_RECIPIENT, False),
        ((400, 21614), Kind.INVALID_RECIPIENT, False),
        ((400, 21610), Kind.RECIPIENT_OPTED_OUT, False),
        ((429, 20429), Kind.RATE_LIMITED, True),
        ((400, 21617), Kind.CONTENT_REJECTED, False),
        ((402, 20402), Kind.INSUFFICIENT_BALANCE, False),
        ((400, 21606), Kind.MISCONFIGURED, False),
        ((500, 20500), Kind.PROVIDER_UNAVAILABLE, True),
        ((503, 20503), Kind.PROVIDER_UNAVAILABLE, True),
        ((400, 99999), Kind.UNKNOWN, False),  # a code we do not know: the HTTP status decides
        ((503, 99999), Kind.PROVIDER_UNAVAILABLE, True),
    ],
)
def test_twilio_sms_error_kinds(
    fake_twilio: FakeTwilio, answer: tuple[int, int], kind: Kind, retryable: bool
) -> None:
    fake_twilio.answer = answer
    result = sms_send(to=PHONE, body=TEXT)
    assert fake_twilio.problems == []
    assert (result.ok, result.error_code, result.error_kind) == (False, str(answer[1]), kind)
    assert result.retryable is retryable


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        ((400, 63016), Kind.CONTENT_REJECTED),
        ((400, 63024), Kind.INVALID_RECIPIENT),
        ((400, 63032), Kind.RECIPIENT_OPTED_OUT),
        ((429, 63018), Kind.RATE_LIMITED),
    ],
)
def test_twilio_whatsapp_error_kinds(
    fake_twilio: FakeTwilio, settings: Any, answer: tuple[int, int], kind: Kind
) -> None:
    settings.WHATSAPP_BACKEND = "integrations.whatsapp.backends.twilio.TwilioWhatsAppBackend"
    settings.TWILIO_WHATSAPP_FROM = "+14155238886"
    fake_twilio.answer = answer
    result = whatsapp_send(
        WhatsAppMessage(to=PHONE, template_name="HX" + "a" * 32, language="tr", variables=["A"])
    )
    assert fake_twilio.problems == []
    assert (result.ok, result.error_code, result.error_kind) == (False, str(answer[1]), kind)


@pytest.mark.parametrize(
    ("answer", "kind", "retryable"),
    [
        ((401, 190), Kind.AUTH_FAILED, False),
        ((400, 131026), Kind.INVALID_RECIPIENT, False),
        ((400, 131047), Kind.CONTENT_REJECTED, False),
        ((400, 131050), Kind.RECIPIENT_OPTED_OUT, False),
        ((404, 132001), Kind.MISCONFIGURED, False),
        ((400, 131042), Kind.INSUFFICIENT_BALANCE, False),
        ((400, 130429), Kind.RATE_LIMITED, True),
        ((400, 131056), Kind.RATE_LIMITED, True),
        ((500, 131000), Kind.PROVIDER_UNAVAILABLE, True),
        ((503, 133004), Kind.PROVIDER_UNAVAILABLE, True),
        ((400, 100), Kind.UNKNOWN, False),
    ],
)
def test_meta_cloud_error_kinds(
    fake_meta: FakeMeta, answer: tuple[int, int], kind: Kind, retryable: bool
) -> None:
    fake_meta.script = [answer]
    result = whatsapp_send(META_MESSAGE)
    assert (result.ok, result.error_code, result.error_kind) == (False, str(answer[1]), kind)
    assert result.retryable is retryable


@pytest.mark.parametrize(
    ("code", "kind", "retryable"),
    [
        ("20", Kind.CONTENT_REJECTED, False),
        ("40", Kind.MISCONFIGURED, False),
        ("50", Kind.MISCONFIGURED, False),
        ("60", Kind.INSUFFICIENT_BALANCE, False),
        ("70", Kind.UNKNOWN, False),
        ("80", Kind.RATE_LIMITED, True),
        ("85", Kind.RATE_LIMITED, True),
        ("100", Kind.PROVIDER_UNAVAILABLE, True),
    ],
)
def test_netgsm_error_kinds(
    fake_netgsm: FakeProvider, code: str, kind: Kind, retryable: bool
) -> None:
    fake_netgsm.script = [code]
    result = sms_send(to=PHONE, body=TEXT)
    assert (result.ok, result.error_code, result.error_kind) == (False, code, kind)
    assert result.retryable is retryable


def test_netgsm_wrong_password_is_auth_failed(fake_netgsm: FakeProvider, settings: Any) -> None:
    settings.NETGSM_PASSWORD = "wrong"
    result = sms_send(to=PHONE, body=TEXT)
    assert (result.error_code, result.error_kind, result.retryable) == (
        "30",
        Kind.AUTH_FAILED,
        False,
    )


@pytest.mark.parametrize(
    ("code", "kind", "retryable"),
    [
        ("402", Kind.INSUFFICIENT_BALANCE, False),
        ("450", Kind.MISCONFIGURED, False),
        ("451", Kind.CONTENT_REJECTED, False),
        ("452", Kind.INVALID_RECIPIENT, False),
        ("454", Kind.CONTENT_REJECTED, False),
        ("503", Kind.PROVIDER_UNAVAILABLE, True),
    ],
)
def test_iletimerkezi_error_kinds(
    fake_iletimerkezi: FakeProvider, code: str, kind: Kind, retryable: bool
) -> None:
    fake_iletimerkezi.script = [code]
    result = sms_send(to=PHONE, body=TEXT)
    assert (result.ok, result.error_code, result.error_kind) == (False, code, kind)
    assert result.retryable is retryable


def test_iletimerkezi_wrong_secret_is_auth_failed(
    fake_iletimerkezi: FakeProvider, settings: Any
) -> None:
    settings.ILETIMERKEZI_API_SECRET = "wrong"
    result = sms_send(to=PHONE, body=TEXT)
    assert (result.error_code, result.error_kind) == ("401", Kind.AUTH_FAILED)


@pytest.mark.parametrize("fixture", ["fake_twilio", "fake_netgsm", "fake_iletimerkezi"])
def test_nobody_listening_is_a_retryable_network_error(
    request: pytest.FixtureRequest, fixture: str, settings: Any
) -> None:
    request.getfixturevalue(fixture)
    settings.TWILIO_API_BASE_URL = "http://127.0.0.1:9"  # discard port: nothing listens
    settings.NETGSM_API_BASE_URL = settings.ILETIMERKEZI_API_BASE_URL = "http://127.0.0.1:9"
    result = sms_send(to=PHONE, body=TEXT)
    assert (result.ok, result.error_kind, result.retryable) == (False, Kind.NETWORK_ERROR, True)
    assert result.error_message == "ConnectionError"


def test_a_provider_that_does_not_answer_in_time_is_a_retryable_timeout(
    fake_twilio: FakeTwilio, settings: Any
) -> None:
    settings.TWILIO_TIMEOUT_SECONDS = 0.2
    fake_twilio.answer_delay = 1.0
    result = sms_send(to=PHONE, body=TEXT)
    assert (result.ok, result.error_kind, result.retryable) == (False, Kind.TIMEOUT, True)


# --- The outbox: the kind decides the retry, is stored, and is counted ------------------------
def _sms_notification(number: int = 0) -> Notification:
    user: User = UserFactory.create(
        phone=f"+90532123{number:04d}",
        phone_verified_at=timezone.now(),
        notify_sms=True,
        notify_email=False,
    )
    return services.notification_enqueue(
        user=user,
        event="listing_approved",
        dedupe_key=f"listing_approved:{user.pk}",
        context={"part_name": "Alternatör"},
    )


def test_an_opted_out_recipient_is_not_retried_and_the_kind_is_stored(
    fake_twilio: FakeTwilio,
) -> None:
    fake_twilio.answer = (400, 21610)
    notification = _sms_notification()
    assert services.notification_deliver(notification_id=notification.pk) == "failed"
    attempt = notification.attempts.get()
    assert (attempt.error_kind, attempt.error_code, attempt.retryable) == (
        Kind.RECIPIENT_OPTED_OUT,
        "21610",
        False,
    )
    # Twilio's own message is kept too.
    assert attempt.error_message == "Attempt to send to unsubscribed recipient"


def test_a_rate_limited_send_is_retried_later(fake_twilio: FakeTwilio) -> None:
    fake_twilio.answer = (429, 20429)
    notification = _sms_notification()
    assert services.notification_deliver(notification_id=notification.pk) == "pending"
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.PENDING
    assert notification.due_at > timezone.now()
    assert notification.attempts.get().error_kind == Kind.RATE_LIMITED


def test_error_counts_per_kind_in_the_dashboard_and_the_endpoint(
    fake_twilio: FakeTwilio, staff_user: User
) -> None:
    fake_twilio.script = [(400, 21610), (400, 21211), (400, 21614), "ok"]
    for number in range(4):
        notification = _sms_notification(number)
        services.notification_deliver(notification_id=notification.pk)
    client = Client()
    client.force_login(staff_user)
    response = client.get("/api/integrations/health")
    [provider] = response.json()["data"]["providers"]
    assert provider["provider"] == "sms-twilio"
    assert provider["errors_by_kind"] == {"invalid_recipient": 2, "recipient_opted_out": 1}
    page = client.get("/yonetim/integrations/providerconnection/saglik/").content.decode()
    assert '<span data-kind="invalid_recipient">Geçersiz veya ulaşılamayan alıcı: 2</span>' in page
    change = client.get(f"/yonetim/integrations/notification/{notification.pk}/change/")
    assert change.status_code == 200
    listing = client.get(
        "/yonetim/integrations/notification/?attempts__error_kind=invalid_recipient"
    )
    assert listing.status_code == 200
