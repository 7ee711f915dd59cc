"""An SMTP server connected in the Integration Center: the admin form, "Bağlantıyı test et" as a
real SMTP session, and notification e-mails sent through it, checked on the wire by a local SMTP
server (AUTH credentials, MAIL FROM, RCPT TO, the MIME message with its text and HTML parts)."""

from __future__ import annotations

import email
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from integrations import services
from integrations.connections import connection_save, connection_test
from integrations.models import ConnectionStatus, Notification, ProviderConnection
from integrations.providers import connection_credentials
from integrations.tests.fake_smtp import PASSWORD, USERNAME, FakeSmtp, fake_smtp, smtp_config
from marketplace.models import User
from marketplace.tests.factories import UserFactory

__all__ = ["fake_smtp"]  # the fixture

pytestmark = pytest.mark.django_db
ADD_URL = "/yonetim/integrations/providerconnection/add/"


@pytest.fixture
def admin(staff_user: User) -> Client:
    client = Client()
    client.force_login(staff_user)
    return client


def _connect(state: FakeSmtp, password: str = PASSWORD, **overrides: Any) -> ProviderConnection:
    config = smtp_config(state, **overrides)
    connection = connection_save(
        kind="smtp_email", config=config, secrets={"password": password}, is_enabled=True
    )
    connection_test(connection=connection)
    return connection


def _notification(event: str = "interest_received") -> Notification:
    user: User = UserFactory.create(notify_email=True, email="satici@example.com")
    return services.notification_enqueue(
        user=user,
        event=event,
        dedupe_key=f"smtp:{user.pk}",
        context={
            "seller_name": "Ahmet",
            "part_name": "Şanzıman & Debriyaj",
            "buyer_name": "Ayşe",
            "conversation_url": "https://example.com/mesajlar/1/",
        },
    )


def test_staff_connect_an_smtp_server_and_the_test_opens_a_real_session(
    admin: Client, fake_smtp: FakeSmtp
) -> None:
    chooser = admin.get(ADD_URL).content.decode()
    assert "SMTP e-posta sunucusu" in chooser
    form = admin.get(ADD_URL + "?kind=smtp_email").content.decode()
    assert 'name="password"' in form
    assert 'type="password"' in form
    assert '<option value="starttls"' in form

    response = admin.post(
        ADD_URL + "?kind=smtp_email",
        {**smtp_config(fake_smtp), "password": PASSWORD, "is_enabled": "on"},
        follow=True,
    )
    assert response.status_code == 200
    assert "bağlantı çalışıyor" in response.content.decode()
    connection = ProviderConnection.objects.get(kind="smtp_email")
    assert connection.status == ConnectionStatus.ACTIVE
    assert PASSWORD not in connection.credentials_encrypted
    assert PASSWORD not in str(connection.config)
    assert connection_credentials(connection) == {"password": PASSWORD}
    page = admin.get(f"/yonetim/integrations/providerconnection/{connection.pk}/change/")
    assert PASSWORD not in page.content.decode()
    # The test was a real SMTP session: greeting, EHLO, AUTH, QUIT; nothing was sent.
    assert fake_smtp.logins == [(USERNAME, PASSWORD)]
    assert [command.split(" ")[0].upper() for command in fake_smtp.sessions[-1]] == [
        "EHLO",
        "AUTH",
        "QUIT",
    ]
    assert fake_smtp.mails == []

    tested = admin.post(
        f"/yonetim/integrations/providerconnection/{connection.pk}/test/", follow=True
    )
    assert "bağlantı çalışıyor" in tested.content.decode()
    assert fake_smtp.problems == []


def test_a_wrong_password_is_reported_in_turkish(admin: Client, fake_smtp: FakeSmtp) -> None:
    connection = _connect(fake_smtp, password="yanlis")
    response = admin.post(
        f"/yonetim/integrations/providerconnection/{connection.pk}/test/", follow=True
    )
    page = response.content.decode()
    assert "bağlantı kurulamadı" in page
    assert "Kimlik bilgileri reddedildi" in page
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.ERROR
    assert connection.last_check_error.startswith("535: ")
    assert "yanlis" not in connection.last_check_error


def test_starttls_against_a_server_without_it_is_a_setup_error(fake_smtp: FakeSmtp) -> None:
    connection = _connect(fake_smtp, tls_mode="starttls")
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.ERROR
    assert "Gönderici, şablon veya hesap ayarlı değil" in connection.last_check_error
    assert fake_smtp.logins == []  # the password never went over the unencrypted line


def test_nobody_listening_is_a_network_error(fake_smtp: FakeSmtp) -> None:
    connection = _connect(fake_smtp, port="9")
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.ERROR
    assert "Ağ hatası" in connection.last_check_error


def test_notification_emails_go_through_the_connected_server(fake_smtp: FakeSmtp) -> None:
    _connect(fake_smtp)
    notification = _notification()
    assert services.notification_deliver(notification_id=notification.pk) == "sent"
    assert mail.outbox == []  # not the environment's EMAIL_BACKEND
    [received] = fake_smtp.mails
    assert received.auth == (USERNAME, PASSWORD)
    assert received.mail_from == "bildirim@example.com"
    assert received.rcpt_to == ["satici@example.com"]
    message = email.message_from_bytes(received.data, policy=default_policy)
    assert isinstance(message, EmailMessage)
    assert message["From"] == "BanaYeni SanaEski <bildirim@example.com>"
    assert message["To"] == "satici@example.com"
    assert message["Subject"] == "Şanzıman & Debriyaj parçanıza ilgi var"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None
    assert html is not None
    assert "Ayşe, Şanzıman & Debriyaj parçanızla ilgileniyor" in text.get_content()
    assert "<strong>Şanzıman &amp; Debriyaj</strong>" in html.get_content()
    assert fake_smtp.problems == []
    attempt = notification.attempts.get()
    assert (attempt.provider, attempt.status) == ("email-smtp", "sent")


def test_a_refused_recipient_is_recorded_and_not_retried(fake_smtp: FakeSmtp) -> None:
    _connect(fake_smtp)
    fake_smtp.rcpt_reply = "550 5.1.1 User unknown"
    notification = _notification()
    assert services.notification_deliver(notification_id=notification.pk) == "failed"
    attempt = notification.attempts.get()
    assert (attempt.error_kind, attempt.error_code, attempt.retryable) == (
        "invalid_recipient",
        "550",
        False,
    )


def test_a_greylisting_server_is_retried_later(fake_smtp: FakeSmtp) -> None:
    _connect(fake_smtp)
    fake_smtp.rcpt_reply = "451 4.7.1 Greylisted, try again later"
    notification = _notification()
    assert services.notification_deliver(notification_id=notification.pk) == "pending"
    assert notification.attempts.get().error_kind == "provider_unavailable"


def test_a_switched_off_connection_leaves_email_to_the_environment(fake_smtp: FakeSmtp) -> None:
    connection = _connect(fake_smtp)
    connection_save(
        kind="smtp_email",
        config=smtp_config(fake_smtp),
        secrets={},
        is_enabled=False,
    )
    connection.refresh_from_db()
    assert connection_credentials(connection) == {"password": PASSWORD}  # kept
    notification = _notification()
    assert services.notification_deliver(notification_id=notification.pk) == "sent"
    assert fake_smtp.mails == []
    [message] = mail.outbox
    assert message.to == ["satici@example.com"]
    assert notification.attempts.get().provider == "email-locmem"
