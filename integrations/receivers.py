"""Events of other libraries that become notifications: allauth's confirmed e-mail → welcome."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import email_confirmed
from django.conf import settings
from django.db import transaction
from django.dispatch import receiver

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
