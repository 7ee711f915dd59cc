"""Per-delivery lookups: a template is read from the database once, not for every delivery, and a
staff edit still takes effect at once; consents are read only when the event depends on them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from integrations import services
from integrations.models import Notification, NotificationTemplate
from integrations.sms import SmsMessage
from marketplace.models import ConsentKind, User
from marketplace.services.privacy import consent_record
from marketplace.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _user(number: int, **fields: object) -> User:
    defaults: dict[str, object] = {
        "phone": f"+90532555{number:04d}",
        "phone_verified_at": timezone.now(),
        "notify_sms": True,
        "notify_whatsapp": False,
        "notify_email": False,
    }
    return UserFactory.create(**{**defaults, **fields})


def _listing_approved(user: User, key: str) -> Notification:
    return services.notification_enqueue(
        user=user,
        event="listing_approved",
        dedupe_key=key,
        context={"part_name": "Alternatör"},
    )


def _tables(queries: CaptureQueriesContext) -> str:
    return " ".join(query["sql"] for query in queries.captured_queries)


def test_templates_are_read_once_and_a_staff_edit_applies_at_once(
    sms_outbox: list[SmsMessage], staff_user: User
) -> None:
    first = _listing_approved(_user(1), "cache:1")
    with CaptureQueriesContext(connection) as queries:
        assert services.notification_deliver(notification_id=first.pk) == "sent"
    assert "integrations_notificationtemplate" in _tables(queries)
    second = _listing_approved(_user(2), "cache:2")
    with CaptureQueriesContext(connection) as queries:
        assert services.notification_deliver(notification_id=second.pk) == "sent"
    assert "integrations_notificationtemplate" not in _tables(queries)

    # Staff write their own text in the admin: the very next delivery uses it. (The row exists
    # when the test database was migrated with its data, as on PostgreSQL.)
    admin = Client()
    admin.force_login(staff_user)
    row = NotificationTemplate.objects.filter(event="listing_approved", channel="sms").first()
    path = f"{row.pk}/change/" if row is not None else "add/"
    response = admin.post(
        f"/yonetim/integrations/notificationtemplate/{path}",
        {
            "event": "listing_approved",
            "channel": "sms",
            "language": "tr",
            "subject": "",
            "body": "{{ part_name }} ilanınız artık yayında!",
            "html_body": "",
            "provider_name": "",
            "variables": "[]",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    third = _listing_approved(_user(3), "cache:3")
    assert services.notification_deliver(notification_id=third.pk) == "sent"
    assert sms_outbox[-1].body == "Alternatör ilanınız artık yayında!"

    # Switched off: the channel has no text any more, at once.
    template = NotificationTemplate.objects.get(event="listing_approved", channel="sms")
    template.is_active = False
    template.save()
    fourth = _listing_approved(_user(4, notify_email=True), "cache:4")
    assert services.notification_deliver(notification_id=fourth.pk) == "sent"
    assert fourth.attempts.get().channel == "email"


def test_consents_are_read_only_when_the_event_depends_on_them(
    sms_outbox: list[SmsMessage],
) -> None:
    sms_only = _user(5)
    notification = _listing_approved(sms_only, "consent:1")
    with CaptureQueriesContext(connection) as queries:
        assert services.notification_deliver(notification_id=notification.pk) == "sent"
    assert "marketplace_consent" not in _tables(queries)

    # WhatsApp wanted: its KVKK consent decides, read fresh at every delivery.
    whatsapp_user = _user(6, notify_whatsapp=True)
    notification = _listing_approved(whatsapp_user, "consent:2")
    with CaptureQueriesContext(connection) as queries:
        services.notification_deliver(notification_id=notification.pk)
    assert "marketplace_consent" in _tables(queries)
    assert notification.attempts.get().channel == "sms"  # no WhatsApp consent yet
    consent_record(user=whatsapp_user, kind=ConsentKind.WHATSAPP, granted=True)
    consent_record(user=whatsapp_user, kind=ConsentKind.WHATSAPP, granted=False)
    notification = _listing_approved(whatsapp_user, "consent:3")
    services.notification_deliver(notification_id=notification.pk)
    assert notification.attempts.get().channel == "sms"  # withdrawn: honoured at once
