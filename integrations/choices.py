"""The outbox's choices (events, channels, statuses): a leaf module, so the provider catalogue,
the routing and other apps (through integrations.services) name them without the models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationEvent(models.TextChoices):
    INTEREST_RECEIVED = "interest_received", _("Interest received (to the seller)")
    INTEREST_APPROVED = "interest_approved", _("Phone shared (to the buyer)")
    NEW_MESSAGE = "new_message", _("New message while offline")
    PAYMENT_REMINDER = "payment_reminder", _("Payment reminder")
    ORDER_UPDATE = "order_update", _("Order changed (to the other party)")
    PART_SOLD = "part_sold", _("A part you asked about was sold (to other buyers)")
    WELCOME = "welcome", _("Welcome")
    PASSWORD_RESET = "password_reset", _("Password reset")
    LISTING_APPROVED = "listing_approved", _("Listing approved")
    LISTING_REJECTED = "listing_rejected", _("Listing rejected")
    LISTING_PHOTOS_DELAYED = "listing_photos_delayed", _("Listing photos delayed (to the seller)")
    LISTING_EXPIRING = "listing_expiring", _("Listing expires soon (to the seller)")
    USER_WARNING = "user_warning", _("Warning from the moderators (after a report)")
    OTP = "otp", _("One-time code")
    MARKETING = "marketing", _("Campaign (marketing)")
    ANALYTICS = "analytics", _("Usage statistics event (GA4)")


class Channel(models.TextChoices):
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")
    ANALYTICS = "ga4", _("Google Analytics 4")


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent (preferences)")


class AttemptStatus(models.TextChoices):
    # Written (committed) before the provider is called: a worker that dies during the call
    # leaves this behind, and the next worker knows a message may already be out.
    SENDING = "sending", _("Handed to the provider, answer not recorded yet")
    SENT = "sent", _("Accepted by the provider")
    FAILED = "failed", _("Failed")
    DELIVERED = "delivered", _("Delivered")
    UNDELIVERED = "undelivered", _("Not delivered")
    # The worker died during the call and the provider can neither be asked nor deduplicates:
    # not sent again, so at most one message (integrations.notifications.handoff).
    UNKNOWN = "unknown", _("Outcome unknown (worker lost during the call)")


class ConnectionStatus(models.TextChoices):
    ACTIVE = "active", _("Connected")
    INACTIVE = "inactive", _("Switched off")
    ERROR = "error", _("Connection error")
