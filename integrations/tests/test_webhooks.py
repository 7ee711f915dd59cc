"""Provider webhooks over real HTTP: signatures checked, receipts applied once, "IPTAL" honoured."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from twilio.request_validator import RequestValidator

from integrations import services
from integrations.models import AttemptStatus, Notification, NotificationAttempt
from integrations.tests.fake_meta import APP_SECRET, VERIFY_TOKEN, FakeMeta
from integrations.tests.fake_twilio import AUTH_TOKEN, FakeTwilio
from marketplace.models import Consent, ConsentKind, User
from marketplace.services.privacy import consent_record
from marketplace.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_in_process")]
STATUS_PATH = "/api/webhooks/twilio/status"
INBOUND_PATH = "/api/webhooks/twilio/inbound"
META_PATH = "/api/webhooks/whatsapp"


@pytest.fixture
def phone_user() -> User:
    user: User = UserFactory.create(
        phone="+905321234567",
        phone_verified_at=timezone.now(),
        notify_sms=True,
        notify_whatsapp=True,
        notify_email=False,
    )
    consent_record(user=user, kind=ConsentKind.WHATSAPP, granted=True)
    consent_record(user=user, kind=ConsentKind.MARKETING, granted=True)
    return user


def _twilio_post(
    client: Client, path: str, form: dict[str, str], settings: Any, **extra: Any
) -> Any:
    signature = RequestValidator(AUTH_TOKEN).compute_signature(settings.SITE_URL + path, form)
    return client.post(path, form, HTTP_X_TWILIO_SIGNATURE=extra.get("signature", signature))


def _sms_notification(user: User) -> NotificationAttempt:
    notification = services.notification_enqueue(
        user=user,
        event="otp",
        dedupe_key=f"otp:{user.pk}",
        context={"code": "123456"},
    )
    services.notification_deliver(notification_id=notification.pk)
    return Notification.objects.get(pk=notification.pk).attempts.get()


def test_twilio_delivery_receipt_updates_the_attempt_once(
    client: Client, fake_twilio: FakeTwilio, phone_user: User, settings: Any
) -> None:
    settings.TWILIO_STATUS_CALLBACKS = True
    attempt = _sms_notification(phone_user)
    [sms] = fake_twilio.messages
    assert sms.status_callback == settings.SITE_URL + STATUS_PATH
    assert attempt.provider_message_id == sms.sid

    form = {"MessageSid": sms.sid, "MessageStatus": "delivered", "To": sms.to, "AccountSid": "AC1"}
    forged = _twilio_post(client, STATUS_PATH, form, settings, signature="bm90IGEgc2lnbmF0dXJl")
    assert forged.status_code == 403
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SENT

    assert _twilio_post(client, STATUS_PATH, form, settings).status_code == 204
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.DELIVERED
    delivered_at = attempt.status_updated_at

    # A replay and a late, out-of-order "failed" change nothing.
    assert _twilio_post(client, STATUS_PATH, form, settings).status_code == 204
    late = {**form, "MessageStatus": "failed", "ErrorCode": "30003"}
    assert _twilio_post(client, STATUS_PATH, late, settings).status_code == 204
    attempt.refresh_from_db()
    assert (attempt.status, attempt.status_updated_at) == (AttemptStatus.DELIVERED, delivered_at)


def test_twilio_undelivered_receipt_records_the_error(
    client: Client, fake_twilio: FakeTwilio, phone_user: User, settings: Any
) -> None:
    attempt = _sms_notification(phone_user)
    form = {
        "MessageSid": attempt.provider_message_id,
        "MessageStatus": "undelivered",
        "ErrorCode": "30005",
    }
    assert _twilio_post(client, STATUS_PATH, form, settings).status_code == 204
    attempt.refresh_from_db()
    assert (attempt.status, attempt.error_code) == (AttemptStatus.UNDELIVERED, "30005")


@pytest.mark.parametrize("keyword", ["IPTAL", "İptal", "iptal.", " ıptal "])
def test_iptal_by_sms_stops_sms_and_marketing_at_once(
    client: Client, phone_user: User, settings: Any, keyword: str
) -> None:
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    form = {
        "MessageSid": "SM" + "1" * 32,
        "From": "+905321234567",
        "To": "+15005550006",
        "Body": keyword,
    }
    response = _twilio_post(client, INBOUND_PATH, form, settings)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    assert "Bildirimleriniz durduruldu" in response.content.decode()
    phone_user.refresh_from_db()
    assert (phone_user.notify_sms, phone_user.notify_whatsapp) == (False, True)
    latest = Consent.objects.filter(user=phone_user).order_by("-id")
    assert {(c.kind, c.granted) for c in latest[:2]} == {("sms", False), ("marketing", False)}


def test_inbound_with_a_bad_signature_changes_nothing(
    client: Client, phone_user: User, settings: Any
) -> None:
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    form = {"MessageSid": "SM" + "2" * 32, "From": "+905321234567", "Body": "IPTAL"}
    signature = RequestValidator("another-token").compute_signature(
        settings.SITE_URL + INBOUND_PATH, form
    )
    response = client.post(INBOUND_PATH, form, HTTP_X_TWILIO_SIGNATURE=signature)
    assert response.status_code == 403
    phone_user.refresh_from_db()
    assert phone_user.notify_sms is True


def _meta_post(client: Client, payload: dict[str, Any], secret: str = APP_SECRET) -> Any:
    raw = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    return client.post(
        META_PATH, raw, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=signature
    )


def _meta_payload(value: dict[str, Any]) -> dict[str, Any]:
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}],
    }


def test_meta_subscription_handshake(client: Client, fake_meta: FakeMeta) -> None:
    good = client.get(
        META_PATH,
        {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"},
    )
    assert (good.status_code, good.content) == (200, b"1158201444")
    bad = client.get(
        META_PATH, {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"}
    )
    assert bad.status_code == 403


def test_meta_status_and_iptal_are_applied_once_and_only_when_signed(
    client: Client, fake_meta: FakeMeta, phone_user: User
) -> None:
    notification = services.notification_enqueue(
        user=phone_user,
        event="interest_approved",
        dedupe_key="approved:1",
        context={"seller_name": "Ahmet", "seller_phone": "+905551112233"},
    )
    services.notification_deliver(notification_id=notification.pk)
    attempt = NotificationAttempt.objects.get(notification=notification)
    assert attempt.provider == "whatsapp-meta"
    [sent] = fake_meta.messages
    assert sent.template == "approval_notification"

    delivered = _meta_payload(
        {"statuses": [{"id": sent.message_id, "status": "delivered", "timestamp": "1764500000"}]}
    )
    assert _meta_post(client, delivered, secret="wrong").status_code == 403
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SENT
    assert _meta_post(client, delivered).status_code == 200
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.DELIVERED

    iptal = _meta_payload(
        {
            "contacts": [{"wa_id": "905321234567"}],
            "messages": [
                {
                    "from": "905321234567",
                    "id": "wamid.in1",
                    "type": "text",
                    "text": {"body": "İPTAL"},
                }
            ],
        }
    )
    assert _meta_post(client, iptal).status_code == 200
    phone_user.refresh_from_db()
    assert phone_user.notify_whatsapp is False
    withdrawals = Consent.objects.filter(user=phone_user, granted=False).count()
    assert _meta_post(client, iptal).status_code == 200  # a replay adds nothing
    assert Consent.objects.filter(user=phone_user, granted=False).count() == withdrawals


def test_meta_garbage_is_refused_without_a_500(client: Client, fake_meta: FakeMeta) -> None:
    raw = b"{not json"
    signature = "sha256=" + hmac.new(APP_SECRET.encode(), raw, hashlib.sha256).hexdigest()
    response = client.post(
        META_PATH, raw, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=signature
    )
    assert response.status_code == 400
    assert _meta_post(client, {"object": "page", "entry": "x"}).status_code == 200
