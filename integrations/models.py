"""The notification outbox: one row per thing to tell a user, its delivery attempts, its templates.

A `Notification` is written in the same transaction as the change that caused it (an interest, an
approval…), with a unique `dedupe_key`, so it is neither lost when the broker is down nor created
twice. Celery delivers it; every provider call is recorded as a `NotificationAttempt`.

The choices (events, channels, statuses) live in the leaf module integrations.choices and are
importable from here too.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integrations.choices import (
    AttemptStatus,
    Channel,
    ConnectionStatus,
    NotificationEvent,
    NotificationStatus,
)
from integrations.errors import DeliveryErrorKind
from integrations.provider_kinds import provider_kind

# What `Notification.secrets_encrypted` holds once its secrets are no longer needed.
SECRETS_WIPED = "wiped"


class Notification(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    event = models.CharField(_("event"), max_length=30, choices=NotificationEvent.choices)
    # Unique: the same cause (e.g. `interest_received:<interest id>`) never makes two rows.
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, unique=True)
    context = models.JSONField(_("template variables"), default=dict, blank=True)
    # Variables that must not be readable in the database (a one-time code, a password-reset
    # link): AES-256-GCM encrypted, bound to this row (integrations.crypto), decrypted only at
    # delivery, and replaced by SECRETS_WIPED once the row is sent, failed for good or expired.
    secrets_encrypted = models.TextField(
        _("encrypted secret variables"), blank=True, editable=False
    )
    # Where to send it instead of the user's saved address (the number being verified, the
    # address a password reset was asked for).
    address = models.CharField(_("sent to"), max_length=254, blank=True)
    # Never sent after this moment (a code or a link that is no longer valid).
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NotificationStatus.choices,
        default=NotificationStatus.PENDING,
    )
    # Not before this moment (quiet hours, retry back-off).
    due_at = models.DateTimeField(_("due at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    # Set when a worker died holding the row: before sending again, ask the provider whether
    # that worker's message went out after all (exactly once where the provider can tell).
    previous_claimed_at = models.DateTimeField(
        _("claimed by a lost worker at"), null=True, blank=True
    )
    attempt_rounds = models.PositiveSmallIntegerField(_("delivery rounds"), default=0)
    channel = models.CharField(
        _("delivered on"), max_length=10, choices=Channel.choices, blank=True
    )
    skip_reason = models.CharField(_("reason not sent"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["status", "due_at"],
                name="notification_due",
                condition=models.Q(status__in=["pending", "sending"]),
            ),
            models.Index(fields=["user", "event", "-created_at"], name="notification_user_event"),
            models.Index(
                fields=["expires_at"],
                name="notification_secret_expiry",
                condition=models.Q(expires_at__isnull=False)
                & ~models.Q(secrets_encrypted__in=["", SECRETS_WIPED]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.user_id} ({self.status})"

    @property
    def secrets_bound_to(self) -> str:
        return f"notification:{self.pk}"


class NotificationAttempt(models.Model):
    """One call to one provider for one notification, and what came of it."""

    id = models.BigAutoField(primary_key=True)
    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="attempts"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    provider = models.CharField(_("provider"), max_length=40)
    status = models.CharField(_("status"), max_length=12, choices=AttemptStatus.choices)
    provider_message_id = models.CharField(_("provider message id"), max_length=100, blank=True)
    # The provider's own code and message, and the shared kind they map to (integrations.errors).
    error_code = models.CharField(_("error code"), max_length=60, blank=True)
    error_message = models.CharField(_("error"), max_length=500, blank=True)
    error_kind = models.CharField(
        _("error type"), max_length=30, choices=DeliveryErrorKind.choices, blank=True
    )
    retryable = models.BooleanField(_("retryable"), default=False)
    latency_ms = models.PositiveIntegerField(_("latency (ms)"), default=0)
    # SMS only: the encoding and the number of parts the text costs (GSM-7 vs UCS-2).
    sms_encoding = models.CharField(_("SMS encoding"), max_length=5, blank=True)
    sms_parts = models.PositiveSmallIntegerField(_("SMS parts"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    status_updated_at = models.DateTimeField(_("status updated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["created_at"]
        indexes = [
            models.Index(
                fields=["provider", "provider_message_id"],
                name="attempt_provider_message",
                condition=~models.Q(provider_message_id=""),
            ),
            models.Index(fields=["provider", "-created_at"], name="attempt_provider_recent"),
            # The staff dashboard's delivery rate per channel and day (integrations/metrics.py).
            models.Index(fields=["channel", "created_at"], name="attempt_channel_created"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.status}"


class NotificationTemplate(models.Model):
    """The Turkish text of one event on one channel, editable by staff in the admin.

    `body` uses Django template syntax (`{{ seller_name }}`); e-mails also have a subject and an
    HTML part. WhatsApp templates name the template approved at the provider (`provider_name`)
    and list its body variables in order (`variables`).
    """

    id = models.BigAutoField(primary_key=True)
    event = models.CharField(_("event"), max_length=30, choices=NotificationEvent.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=5, default="tr")
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    html_body = models.TextField(_("HTML (e-mail)"), blank=True)
    provider_name = models.CharField(_("approved template name"), max_length=100, blank=True)
    variables = models.JSONField(_("template variables in order"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification template")
        verbose_name_plural = _("notification templates")
        ordering = ["event", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "channel", "language"], name="template_one_per_event_channel"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} / {self.channel}"


class WebhookReceipt(models.Model):
    """A provider callback already processed: a replayed one is acknowledged and ignored."""

    id = models.BigAutoField(primary_key=True)
    provider = models.CharField(_("provider"), max_length=40)
    event_key = models.CharField(_("event"), max_length=200)
    received_at = models.DateTimeField(_("received at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("webhook receipt")
        verbose_name_plural = _("webhook receipts")
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_key"], name="webhook_once")
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.event_key}"


class ProviderConnection(models.Model):
    """A provider staff connected in the Integration Center: its settings, its encrypted
    credentials, whether it is on, and what its last check said."""

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(_("provider"), max_length=30, unique=True)
    is_enabled = models.BooleanField(_("enabled"), default=False)
    # Non-secret settings (sender number, phone number id, base URL…).
    config = models.JSONField(_("settings"), default=dict, blank=True)
    # Secrets, AES-256-GCM encrypted (integrations.crypto); never shown back, never logged.
    credentials_encrypted = models.TextField(_("encrypted credentials"), blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConnectionStatus.choices,
        default=ConnectionStatus.INACTIVE,
    )
    last_checked_at = models.DateTimeField(_("last checked at"), null=True, blank=True)
    last_check_error = models.CharField(_("last check error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("provider connection")
        verbose_name_plural = _("Integration Center")
        ordering = ["kind"]

    def __str__(self) -> str:
        return str(provider_kind(self.kind).label)

    @property
    def credentials_bound_to(self) -> str:
        return f"provider-connection:{self.kind}"
