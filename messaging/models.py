"""Buyer–seller conversations (opened only by an `interested` answer), messages, blocks, reports."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX_LENGTH = 2000


class ConversationStatus(models.TextChoices):
    ACTIVE = "active", _("Ongoing")
    CLOSED = "closed", _("Closed")


class Conversation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    part = models.ForeignKey(
        "parts.Part", on_delete=models.CASCADE, related_name="conversations", verbose_name=_("part")
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conversations_as_buyer",
        verbose_name=_("buyer"),
    )
    seller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conversations_as_seller",
        verbose_name=_("seller"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConversationStatus.choices,
        default=ConversationStatus.ACTIVE,
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    # Unread messages per participant, changed only with F() expressions (safe under concurrency).
    buyer_unread_count = models.PositiveIntegerField(_("unread (buyer)"), default=0)
    seller_unread_count = models.PositiveIntegerField(_("unread (seller)"), default=0)
    # The seller's phone is shown to the buyer only after the seller approved ("Telefonumu paylaş").
    seller_phone_shared_at = models.DateTimeField(
        _("seller phone shared at"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    last_message_at = models.DateTimeField(_("last message at"), default=timezone.now)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at"]
        constraints = [
            # One conversation per buyer and listing: the `interested` answer opens it once.
            models.UniqueConstraint(
                fields=["part", "buyer"], name="conversation_one_per_buyer_part"
            ),
            models.CheckConstraint(
                condition=~models.Q(buyer=models.F("seller")), name="conversation_not_with_self"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ConversationStatus.values),
                name="conversation_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["buyer", "-last_message_at"], name="conversation_buyer_recent"),
            models.Index(fields=["seller", "-last_message_at"], name="conversation_seller_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.part_id}: {self.buyer_id} → {self.seller_id}"

    def is_participant(self, user_id: object) -> bool:
        return user_id in (self.buyer_id, self.seller_id)

    def other_participant_id(self, user_id: object) -> uuid.UUID:
        return self.seller_id if user_id == self.buyer_id else self.buyer_id


class Message(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("conversation"),
    )
    # Kept when the sender deletes their account (the sender is anonymised, not deleted).
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="messages_sent",
        verbose_name=_("sender"),
    )
    # Stored exactly as typed; templates escape it and never turn links into anchors.
    content = models.TextField(_("content"), max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Contact details typed before the seller shared their phone (possible fraud): staff review.
    flagged_reason = models.CharField(_("flagged for"), max_length=40, blank=True)
    hidden_at = models.DateTimeField(_("hidden by staff at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("content"), 1)
                & LessThanOrEqual(Length("content"), MESSAGE_MAX_LENGTH),
                name="message_content_length",
            ),
        ]
        indexes = [
            models.Index(fields=["conversation", "created_at"], name="message_conversation_time"),
            # The staff dashboard's messages per day over the last 14 days (messaging/metrics.py).
            models.Index(fields=["created_at"], name="message_created"),
            models.Index(
                fields=["flagged_reason"],
                name="message_flagged",
                condition=~models.Q(flagged_reason=""),
            ),
        ]

    def __str__(self) -> str:
        # No text: the admin shows str() in lists, titles and logs, and staff read what users
        # wrote only through a report (messaging.admin).
        return f"{self.sender_id} ({self.created_at:%Y-%m-%d %H:%M})"


class UserBlock(models.Model):
    """`blocker` shuts out `blocked`: no messages either way, in any of their conversations."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="blocks_made",
        verbose_name=_("blocked by"),
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="blocks_received",
        verbose_name=_("blocked user"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")), name="block_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id} ⊘ {self.blocked_id}"


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    FRAUD = "fraud", _("Fraud or scam attempt")
    ABUSE = "abuse", _("Insult or harassment")
    OTHER = "other", _("Other")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")
    DISMISSED = "dismissed", _("Dismissed")


class Report(models.Model):
    """To staff (the admin moderation queue): a participant reports a message or the other user
    of a conversation, anyone logged in reports a listing (no interest needed) or a user (no
    conversation, no listing: only `reported_user`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reports_made",
        verbose_name=_("reported by"),
    )
    reported_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reports_received",
        verbose_name=_("reported user"),
    )
    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("conversation"),
    )
    part = models.ForeignKey(
        "parts.Part",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("listing"),
    )
    message = models.ForeignKey(
        Message,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("message"),
    )
    reason = models.CharField(_("reason"), max_length=10, choices=ReportReason.choices)
    note = models.TextField(_("note"), blank=True, max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "message"],
                name="report_message_once",
                condition=models.Q(message__isnull=False),
            ),
            # One open report per reporter and listing: pressing twice files nothing new.
            models.UniqueConstraint(
                fields=["reporter", "part"],
                name="report_part_open_once",
                condition=models.Q(part__isnull=False, status="open"),
            ),
            # A report about a user alone (`POST /api/users/{id}/report`): one open per pair.
            models.UniqueConstraint(
                fields=["reporter", "reported_user"],
                name="report_user_open_once",
                condition=models.Q(conversation__isnull=True, part__isnull=True, status="open"),
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="report_queue")]

    def __str__(self) -> str:
        return f"{self.reporter_id} → {self.reported_user_id} ({self.reason})"
