"""Events of other libraries that become notifications: allauth's confirmed e-mail → welcome,
its sign-up → a GA4 event (with consent)."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import email_confirmed, user_signed_up
from django.conf import settings
from django.db import transaction
from django.dispatch import receiver

from integrations.analytics import analytics_event_record
from integrations.models import NotificationEvent
from integrations.services import notification_enqueue


@receiver(email_confirmed, dispatch_uid="integrations-welcome")
def welcome_on_email_confirmed(sender: Any, email_address: Any, **kwargs: Any) -> None:
    """The first confirmed address of an account gets the welcome e-mail, once per user."""
    with transaction.atomic():
        notification_enqueue(
            user=email_address.user,
            event=NotificationEvent.WELCOME,
            dedupe_key=f"welcome:{email_address.user_id}",
            context={"site_url": settings.SITE_URL},
        )


@receiver(user_signed_up, dispatch_uid="integrations-analytics-sign-up")
def sign_up_recorded(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """GA4 `sign_up`, if the new user already consented to usage statistics."""
    with transaction.atomic():
        analytics_event_record(user=user, name="sign_up", params={"method": "email"})
