"""Webhooks are verified with the secrets saved in the Integration Center (the provider's
connection), not only with the environment's: receipts and "IPTAL" replies of a provider connected
in the admin are applied, and a request signed with any other secret is refused."""

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
from integrations.connections import connection_save
from integrations.models import AttemptStatus, Notification
from integrations.tests import fake_meta as meta
from integrations.tests import fake_twilio as twilio
from integrations.tests.fake_twilio import FakeTwilio
from marketplace.models import ConsentKind, User
from marketplace.services.privacy import consent_record
from marketplace.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_in_process")]
STATUS_PATH = "/api/webhooks/twilio/status"
INBOUND_PATH = "/api/webhooks/twilio/inbound"
META_PATH = "/api/webhooks/whatsapp"
OTHER_ACCOUNT_SID = "AC" + "fedcba9876543210" * 2


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
    return user


def _twilio_connect(*, account_sid: str, auth_token: str, enabled: bool = True) -> None:
    connection_save(
        kind="twilio_sms",
        config={"account_sid": account_sid, "from_number": twilio.FROM_NUMBER},
        secrets={"auth_token": auth_token},
        is_enabled=enabled,
    )


def _twilio_post(client: Client, path: str, form: dict[str, str], token: str) -> Any:
    from django.conf import settings

    signature = RequestValidator(token).compute_signature(settings.SITE_URL + path, form)
    return client.post(path, form, HTTP_X_TWILIO_SIGNATURE=signature)


def _iptal(account_sid: str, number: int = 1) -> dict[str, str]:
    return {
        "MessageSid": "SM" + str(number) * 32,
        "AccountSid": account_sid,
        "From": "+905321234567",
        "To": twilio.FROM_NUMBER,
        "Body": "IPTAL",
    }


def test_twilio_inbound_iptal_verifies_with_the_connection_auth_token(
    client: Client, phone_user: User, settings: Any
) -> None:
    settings.TWILIO_ACCOUNT_SID = ""
    settings.TWILIO_AUTH_TOKEN = ""
    _twilio_connect(account_sid=twilio.ACCOUNT_SID, auth_token="token-saved-in-the-admin")
    form = _iptal(twilio.ACCOUNT_SID)

    forged = _twilio_post(client, INBOUND_PATH, form, "some-other-token")
    assert forged.status_code == 403
    phone_user.refresh_from_db()
    assert phone_user.notify_sms is True

    response = _twilio_post(client, INBOUND_PATH, form, "token-saved-in-the-admin")
    assert response.status_code == 200
    assert "Bildirimleriniz durduruldu" in response.content.decode()
    phone_user.refresh_from_db()
    assert phone_user.notify_sms is False


def test_twilio_delivery_receipt_verifies_with_the_connection_auth_token(
    client: Client, fake_twilio: FakeTwilio, phone_user: User, settings: Any
) -> None:
    # The admin holds the account's current token; the environment still has a retired one.
    settings.TWILIO_AUTH_TOKEN = "retired-token-of-the-same-account"
    _twilio_connect(account_sid=twilio.ACCOUNT_SID, auth_token=twilio.AUTH_TOKEN)
    notification = services.notification_enqueue(
        user=phone_user, event="otp", dedupe_key="otp:receipt", context={"code": "123456"}
    )
    assert services.notification_deliver(notification_id=notification.pk) == "sent"
    [sms] = fake_twilio.messages  # sent through the connection, with its token
    attempt = Notification.objects.get(pk=notification.pk).attempts.get()
    form = {
        "MessageSid": sms.sid,
        "MessageStatus": "delivered",
        "AccountSid": twilio.ACCOUNT_SID,
        "To": sms.to,
    }

    retired = _twilio_post(client, STATUS_PATH, form, "retired-token-of-the-same-account")
    assert retired.status_code == 403
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SENT

    assert _twilio_post(client, STATUS_PATH, form, twilio.AUTH_TOKEN).status_code == 204
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.DELIVERED


def test_twilio_webhooks_of_two_accounts_are_each_verified_with_their_own_token(
    client: Client, phone_user: User, settings: Any
) -> None:
    """SMS connected in the admin (one account), WhatsApp through Twilio configured in the
    environment (another): each account's requests pass with its own token only."""
    settings.TWILIO_ACCOUNT_SID = OTHER_ACCOUNT_SID
    settings.TWILIO_AUTH_TOKEN = "environment-token"
    _twilio_connect(account_sid=twilio.ACCOUNT_SID, auth_token="connection-token")

    crossed = _twilio_post(client, INBOUND_PATH, _iptal(twilio.ACCOUNT_SID), "environment-token")
    assert crossed.status_code == 403
    own = _twilio_post(client, INBOUND_PATH, _iptal(twilio.ACCOUNT_SID), "connection-token")
    assert own.status_code == 200
    other = _twilio_post(client, INBOUND_PATH, _iptal(OTHER_ACCOUNT_SID, 2), "environment-token")
    assert other.status_code == 200


def test_a_switched_off_twilio_connection_still_verifies_replies_to_what_it_sent(
    client: Client, phone_user: User, settings: Any
) -> None:
    settings.TWILIO_ACCOUNT_SID = ""
    settings.TWILIO_AUTH_TOKEN = ""
    _twilio_connect(account_sid=twilio.ACCOUNT_SID, auth_token="connection-token", enabled=False)
    response = _twilio_post(client, INBOUND_PATH, _iptal(twilio.ACCOUNT_SID), "connection-token")
    assert response.status_code == 200
    phone_user.refresh_from_db()
    assert phone_user.notify_sms is False


def _meta_connect(**secrets: str) -> None:
    connection_save(
        kind="meta_whatsapp",
        config={"phone_number_id": meta.PHONE_NUMBER_ID},
        secrets={"access_token": meta.ACCESS_TOKEN, **secrets},
        is_enabled=True,
    )


def _meta_post(client: Client, payload: dict[str, Any], secret: str) -> Any:
    raw = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    return client.post(
        META_PATH, raw, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=signature
    )


def _meta_iptal() -> dict[str, Any]:
    value = {
        "contacts": [{"wa_id": "905321234567"}],
        "messages": [
            {"from": "905321234567", "id": "wamid.in1", "type": "text", "text": {"body": "İptal"}}
        ],
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}],
    }


def test_whatsapp_webhook_verifies_with_the_connection_app_secret(
    client: Client, phone_user: User, settings: Any
) -> None:
    settings.WHATSAPP_CLOUD_APP_SECRET = ""
    _meta_connect(app_secret="app-secret-saved-in-the-admin")

    assert _meta_post(client, _meta_iptal(), "a-wrong-secret").status_code == 403
    phone_user.refresh_from_db()
    assert phone_user.notify_whatsapp is True

    assert _meta_post(client, _meta_iptal(), "app-secret-saved-in-the-admin").status_code == 200
    phone_user.refresh_from_db()
    assert phone_user.notify_whatsapp is False


def test_whatsapp_connection_app_secret_replaces_the_environment_one(
    client: Client, phone_user: User, settings: Any
) -> None:
    settings.WHATSAPP_CLOUD_APP_SECRET = "environment-app-secret"
    _meta_connect(app_secret="app-secret-saved-in-the-admin")
    assert _meta_post(client, _meta_iptal(), "environment-app-secret").status_code == 403
    phone_user.refresh_from_db()
    assert phone_user.notify_whatsapp is True


def test_whatsapp_subscription_handshake_uses_the_connection_verify_token(
    client: Client, settings: Any
) -> None:
    settings.WHATSAPP_CLOUD_VERIFY_TOKEN = "environment-verify-token"
    _meta_connect(verify_token="verify-token-saved-in-the-admin")

    def handshake(token: str) -> Any:
        return client.get(
            META_PATH,
            {"hub.mode": "subscribe", "hub.verify_token": token, "hub.challenge": "1158201444"},
        )

    good = handshake("verify-token-saved-in-the-admin")
    assert (good.status_code, good.content) == (200, b"1158201444")
    assert handshake("environment-verify-token").status_code == 403
    assert handshake("a-guess").status_code == 403
