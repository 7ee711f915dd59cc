"""Events of other libraries that become notifications: allauth's confirmed e-mail → welcome,
its sign-up → a GA4 event (with consent); and an edited template drops its cached copy."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import email_confirmed, user_signed_up
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from integrations.models import NotificationEvent, NotificationTemplate
from integrations.notifications.rendering import template_cache_key
from integrations.services import analytics_event_record, notification_enqueue


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


@receiver(post_save, sender=NotificationTemplate, dispatch_uid="integrations-template-saved")
@receiver(post_delete, sender=NotificationTemplate, dispatch_uid="integrations-template-deleted")
def template_cache_drop(sender: Any, instance: NotificationTemplate, **kwargs: Any) -> None:
    """A template staff just edited is used from the next delivery on."""
    key = template_cache_key(
        event=instance.event, channel=instance.channel, language=instance.language
    )
    transaction.on_commit(lambda: cache.delete(key))
    cache.delete(key)
