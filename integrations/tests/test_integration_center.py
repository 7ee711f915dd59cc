"""The Integration Center: encrypted credentials, connecting and testing providers in the admin,
the health dashboard and endpoint, and key rotation."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from integrations import services
from integrations.connections import connection_save, connections_check_all
from integrations.crypto import CredentialsError, credentials_decrypt, credentials_encrypt
from integrations.models import (
    AttemptStatus,
    ConnectionStatus,
    Notification,
    NotificationAttempt,
    ProviderConnection,
)
from integrations.providers import connection_credentials
from integrations.tests import fake_twilio as twilio
from integrations.tests.fake_twilio import FakeTwilio
from marketplace.models import AuditAction, AuditEntry, User
from marketplace.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ADD_URL = "/yonetim/integrations/providerconnection/add/"


@pytest.fixture
def admin(staff_user: User) -> Client:
    staff_user.is_superuser = True
    staff_user.save()
    client = Client()
    client.force_login(staff_user)
    return client


@pytest.fixture
def locmem_sms(settings: Any) -> None:
    settings.SMS_BACKEND = "integrations.sms.backends.locmem.LocmemSmsBackend"


def test_credentials_round_trip_and_are_bound_to_their_row() -> None:
    token = credentials_encrypt({"auth_token": "s3cret"}, bound_to="provider-connection:a")
    assert "s3cret" not in token
    assert credentials_decrypt(token, bound_to="provider-connection:a") == {"auth_token": "s3cret"}
    with pytest.raises(CredentialsError):
        credentials_decrypt(token, bound_to="provider-connection:b")
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    with pytest.raises(CredentialsError):
        credentials_decrypt(tampered, bound_to="provider-connection:a")


def test_connecting_twilio_in_the_admin(
    admin: Client, fake_twilio: FakeTwilio, locmem_sms: None
) -> None:
    chooser = admin.get(ADD_URL)
    assert chooser.status_code == 200
    assert "Twilio SMS" in chooser.content.decode()
    form = admin.get(ADD_URL + "?kind=twilio_sms")
    assert 'name="auth_token"' in form.content.decode()

    response = admin.post(
        ADD_URL + "?kind=twilio_sms",
        {
            "account_sid": twilio.ACCOUNT_SID,
            "auth_token": twilio.AUTH_TOKEN,
            "from_number": twilio.FROM_NUMBER,
            "messaging_service_sid": "",
            "is_enabled": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "bağlantı çalışıyor" in response.content.decode()
    connection = ProviderConnection.objects.get(kind="twilio_sms")
    assert connection.status == ConnectionStatus.ACTIVE
    assert twilio.AUTH_TOKEN not in connection.credentials_encrypted
    assert connection_credentials(connection)["auth_token"] == twilio.AUTH_TOKEN

    # The secret is never shown back; a blank field keeps it.
    change_url = f"/yonetim/integrations/providerconnection/{connection.pk}/change/"
    page = admin.get(change_url).content.decode()
    assert twilio.AUTH_TOKEN not in page
    assert "Bağlantıyı test et" in page
    admin.post(
        change_url,
        {
            "account_sid": twilio.ACCOUNT_SID,
            "auth_token": "",
            "from_number": twilio.FROM_NUMBER,
            "messaging_service_sid": "",
            "is_enabled": "on",
        },
    )
    connection.refresh_from_db()
    assert connection_credentials(connection)["auth_token"] == twilio.AUTH_TOKEN

    # The audit log: connecting is one entry naming the secret, never its value; the save with a
    # blank secret changed nothing and wrote none.
    [entry] = AuditEntry.objects.filter(action=AuditAction.INTEGRATION_CREDENTIALS_CHANGE)
    assert entry.actor is not None
    assert entry.actor.is_superuser
    assert entry.after["secrets_changed"] == ["auth_token"]
    assert entry.after["config"]["account_sid"] == twilio.ACCOUNT_SID
    assert twilio.AUTH_TOKEN not in str([entry.before, entry.after, entry.reason])

    # SMS now go through the connected Twilio, not the environment's locmem backend.
    user: User = UserFactory.create(phone="+905321234567", phone_verified_at=timezone.now())
    notification = services.notification_enqueue(
        user=user, event="otp", dedupe_key="otp:ic", context={"code": "654321"}
    )
    assert services.notification_deliver(notification_id=notification.pk) == "sent"
    assert [sms.body for sms in fake_twilio.messages] == [
        "BanaYeni SanaEski doğrulama kodunuz: 654321"
    ]


def test_a_wrong_token_marks_the_connection_as_error(
    admin: Client, fake_twilio: FakeTwilio
) -> None:
    connection = connection_save(
        kind="twilio_sms",
        config={"account_sid": twilio.ACCOUNT_SID, "from_number": twilio.FROM_NUMBER},
        secrets={"auth_token": "wrong"},
        is_enabled=True,
    )
    response = admin.post(
        f"/yonetim/integrations/providerconnection/{connection.pk}/test/", follow=True
    )
    assert "bağlantı kurulamadı" in response.content.decode()
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.ERROR
    assert connection.last_check_error.startswith("20003")
    assert connections_check_all() == 1


def test_health_dashboard_and_endpoint(admin: Client, staff_user: User) -> None:
    user: User = UserFactory.create()
    notification = Notification.objects.create(user=user, event="otp", dedupe_key="h1")
    for latency, status in [(100, AttemptStatus.SENT), (300, AttemptStatus.FAILED)] * 5:
        NotificationAttempt.objects.create(
            notification=notification,
            channel="sms",
            provider="sms-twilio",
            status=status,
            latency_ms=latency,
        )
    page = admin.get("/yonetim/integrations/providerconnection/saglik/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "sms-twilio" in html
    # Turkish words, not the machine values (issue 24, admin).
    assert "<td>Çalışmıyor</td>" in html
    assert "<td>Normal</td>" in html
    assert "<td>unhealthy</td>" not in html

    response = admin.get("/api/integrations/health")
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["status"] == "unhealthy"
    assert data["integrations"] == {"total": 1, "healthy": 0, "degraded": 0, "unhealthy": 1}
    [provider] = data["providers"]
    assert provider["error_rate"] == 0.5
    assert (provider["p50_latency_ms"], provider["p95_latency_ms"]) == (100, 300)


def test_key_rotation_re_encrypts_every_row(settings: Any) -> None:
    settings.INTEGRATIONS_ENCRYPTION_KEYS = [("old", "old-secret")]
    connection = connection_save(
        kind="meta_whatsapp",
        config={"phone_number_id": "1"},
        secrets={"access_token": "EAA-token"},
        is_enabled=False,
    )
    assert connection.credentials_encrypted.split("$")[1] == "old"
    settings.INTEGRATIONS_ENCRYPTION_KEYS = [("new", "new-secret"), ("old", "old-secret")]
    out = io.StringIO()
    call_command("rotate_integration_keys", stdout=out)
    assert "1 connection(s)" in out.getvalue()
    connection.refresh_from_db()
    assert connection.credentials_encrypted.split("$")[1] == "new"
    settings.INTEGRATIONS_ENCRYPTION_KEYS = [("new", "new-secret")]
    assert connection_credentials(connection)["access_token"] == "EAA-token"
