"""Notification e-mails through a hosted provider (django-anymail, Brevo's v3 API) against a
local server that checks Brevo's documented request."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from integrations import services
from integrations.connections import connection_save, connection_test
from integrations.models import ConnectionStatus, Notification
from integrations.tests.fake_brevo import API_KEY, FakeBrevo
from marketplace.models import User
from marketplace.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notification() -> Notification:
    user: User = UserFactory.create(notify_email=True, phone_verified_at=timezone.now())
    return services.notification_enqueue(
        user=user,
        event="interest_received",
        dedupe_key=f"sendgrid:{user.pk}",
        context={"seller_name": "Ahmet", "part_name": "Şanzıman", "buyer_name": "Ayşe"},
    )


def test_email_goes_through_brevo_with_text_and_html(fake_brevo: FakeBrevo) -> None:
    notification = _notification()
    assert services.notification_deliver(notification_id=notification.pk) == "sent"
    assert fake_brevo.problems == []
    [mail] = fake_brevo.mails
    assert mail["subject"] == "Şanzıman parçanıza ilgi var"
    assert "Ayşe, Şanzıman parçanızla ilgileniyor" in mail["textContent"]
    assert "<strong>Ayşe</strong>" in mail["htmlContent"]
    assert mail["to"] == [{"email": notification.user.email}]
    attempt = notification.attempts.get()
    assert (attempt.provider, attempt.status) == ("email-brevo", "sent")
    assert attempt.provider_message_id == "<202611300400.1@smtp-relay.mailin.fr>"


@pytest.mark.parametrize(
    ("status", "outcome", "kind"),
    [
        (503, "pending", "provider_unavailable"),
        (429, "pending", "rate_limited"),
        (400, "failed", "unknown"),
        (401, "failed", "auth_failed"),
    ],
)
def test_brevo_errors(fake_brevo: FakeBrevo, status: int, outcome: str, kind: str) -> None:
    fake_brevo.status = status
    notification = _notification()
    assert services.notification_deliver(notification_id=notification.pk) == outcome
    attempt = notification.attempts.get()
    assert (attempt.error_kind, attempt.error_code) == (kind, str(status))


def test_brevo_connected_in_the_integration_center(fake_brevo: FakeBrevo, settings: Any) -> None:
    # The environment knows no key: the connection's own key and sender are used.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ANYMAIL = {"BREVO_API_URL": fake_brevo.url + "/v3/"}
    wrong = connection_save(
        kind="brevo_email",
        config={"from_email": "bildirim@example.com"},
        secrets={"api_key": "yanlis"},
        is_enabled=True,
    )
    assert not connection_test(connection=wrong).ok
    wrong.refresh_from_db()
    assert wrong.status == ConnectionStatus.ERROR
    assert "Kimlik bilgileri reddedildi" in wrong.last_check_error
    connection = connection_save(
        kind="brevo_email",
        config={"from_email": "bildirim@example.com"},
        secrets={"api_key": API_KEY},
        is_enabled=True,
    )
    assert connection_test(connection=connection).ok
    notification = _notification()
    assert services.notification_deliver(notification_id=notification.pk) == "sent"
    [sent] = fake_brevo.mails
    assert sent["sender"] == {"email": "bildirim@example.com"}
    assert notification.attempts.get().provider == "email-brevo"
    assert fake_brevo.problems == []
