"""The custom user model: e-mail is the login; phone, city and seller flags are optional."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.cities import CITY_CHOICES
from marketplace.phone import InvalidPhoneError, normalize_phone
from marketplace.privacy import DELETED_USER_NAME, mask_email


def normalize_email_address(email: str) -> str:
    """One spelling per mailbox: trimmed and lower-cased, so uniqueness is case-insensitive."""
    return email.strip().lower()


def avatar_upload_to(instance: User, filename: str) -> str:
    """Server-chosen names: what the phone called the file never reaches the storage."""
    return f"avatars/{instance.pk}/{uuid.uuid4().hex}.webp"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=normalize_email_address(username or ""))

    def _create_user(self, email: str, password: str | None, **extra_fields: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalize_email_address(email), **extra_fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields: Any) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> User:
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    # NULL, not "", for "no phone": the unique constraint must allow many users without one.
    phone = models.CharField(  # noqa: DJ001
        _("phone number"),
        max_length=20,
        null=True,
        blank=True,
        help_text=_("Stored in E.164 form, e.g. +905321234567."),
    )
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    city = models.CharField(_("city"), max_length=32, choices=CITY_CHOICES, blank=True)
    is_business_seller = models.BooleanField(_("business seller"), default=False)
    phone_verified_at = models.DateTimeField(_("phone verified at"), null=True, blank=True)
    avatar = models.ImageField(_("avatar"), upload_to=avatar_upload_to, blank=True, max_length=200)
    # Notification channels the user accepts (the notifications work reads these). E-mail is on by
    # default; SMS and WhatsApp need an explicit yes (KVKK), recorded as a Consent too.
    notify_email = models.BooleanField(_("e-mail notifications"), default=True)
    notify_sms = models.BooleanField(_("SMS notifications"), default=False)
    notify_whatsapp = models.BooleanField(_("WhatsApp notifications"), default=False)
    # A ban keeps the account (and its history) but stops logins, tokens and listings at once.
    banned_at = models.DateTimeField(_("banned at"), null=True, blank=True)
    ban_reason = models.CharField(_("ban reason"), max_length=500, blank=True)
    # Set when the user deleted their account: the row stays, anonymised, for the other party
    # of their conversations.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.UniqueConstraint(
                fields=["phone"],
                condition=models.Q(phone__isnull=False),
                name="user_phone_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalize_email_address(self.email)
        if self.phone:
            try:
                self.phone = normalize_phone(self.phone)
            except InvalidPhoneError as error:
                raise ValidationError({"phone": str(error)}) from None
        else:
            self.phone = None

    @property
    def public_name(self) -> str:
        """What other users see: the display name, else the masked e-mail."""
        if self.deleted_at is not None:
            return str(DELETED_USER_NAME)
        return self.display_name or mask_email(self.email)

    @property
    def is_banned(self) -> bool:
        return self.banned_at is not None


class RefreshToken(models.Model):
    """An opaque, rotating refresh token of the mobile API, stored only as a SHA-256 hash.

    Every login starts a family; each refresh spends the presented token and issues the next one
    in the same family. Presenting a spent token again means it leaked: the whole family is revoked.
    """

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="refresh_tokens")
    family = models.UUIDField(default=uuid.uuid4, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("refresh token")
        verbose_name_plural = _("refresh tokens")
        indexes = [models.Index(fields=["user", "revoked_at"], name="refresh_user_revoked")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.family}"


class PhoneOtpPurpose(models.TextChoices):
    VERIFY = "verify", _("Phone verification")
    LOGIN = "login", _("Phone login")


class PhoneOtp(models.Model):
    """A one-time SMS code: stored hashed, valid for minutes, a few wrong tries at most."""

    id = models.BigAutoField(primary_key=True)
    phone = models.CharField(max_length=20, db_index=True)  # E.164
    purpose = models.CharField(max_length=10, choices=PhoneOtpPurpose.choices)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="phone_otps"
    )
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    consumed_at = models.DateTimeField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("phone code")
        verbose_name_plural = _("phone codes")
        indexes = [models.Index(fields=["ip_address", "created_at"], name="otp_ip_created")]

    def __str__(self) -> str:
        return f"{self.phone} {self.purpose}"


class ConsentKind(models.TextChoices):
    MARKETING = "marketing", _("Marketing messages")
    WHATSAPP = "whatsapp", _("WhatsApp messages")
    SMS = "sms", _("SMS messages")
    PRIVACY_NOTICE = "privacy_notice", _("Privacy notice acknowledged")
    ANALYTICS = "analytics", _("Usage statistics (Google Analytics)")


class Consent(models.Model):
    """One KVKK consent decision: what, given or withdrawn, when, and which text version was shown.

    Rows are only ever added; the latest row per kind is the user's current answer.
    """

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(_("kind"), max_length=20, choices=ConsentKind.choices)
    granted = models.BooleanField(_("granted"))
    text_version = models.CharField(_("text version"), max_length=20)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["user", "kind", "-created_at"], name="consent_latest")]

    def __str__(self) -> str:
        return f"{self.kind}={self.granted}"


class AccountDeletionLog(models.Model):
    """That an account was deleted and by whom; no personal data (the user row is anonymised)."""

    id = models.BigAutoField(primary_key=True)
    user_id = models.UUIDField(db_index=True)
    deleted_at = models.DateTimeField(default=timezone.now)
    requested_by_staff = models.BooleanField(default=False)
    listings_removed = models.PositiveIntegerField(default=0)
    tokens_revoked = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("account deletion")
        verbose_name_plural = _("account deletions")

    def __str__(self) -> str:
        return f"{self.user_id} {self.deleted_at:%Y-%m-%d}"


class AuditAction(models.TextChoices):
    """What the audit log records: staff actions and security-relevant changes."""

    USER_BAN = "user_ban", _("User banned")
    USER_UNBAN = "user_unban", _("Ban lifted")
    USER_ROLES_CHANGE = "user_roles_change", _("Staff roles changed")
    MESSAGE_HIDE = "message_hide", _("Message hidden")
    MESSAGE_UNHIDE = "message_unhide", _("Message shown again")
    PART_STATUS_CHANGE = "part_status_change", _("Listing status changed by staff")
    ORDER_REFUND = "order_refund", _("Order refunded by staff")
    ORDER_DISPUTE_RELEASE = "order_dispute_release", _("Dispute settled for the seller")
    REVIEW_HIDE = "review_hide", _("Review hidden")
    REVIEW_UNHIDE = "review_unhide", _("Review shown again")
    PAYOUT_PROFILE_VERIFY = "payout_profile_verify", _("Company payout profile verified")
    INTEGRATION_CREDENTIALS_CHANGE = (
        "integration_credentials_change",
        _("Integration connection changed"),
    )
    REPORT_RESOLVE = "report_resolve", _("Report resolved")
    REPORT_DISMISS = "report_dismiss", _("Report dismissed")
    USER_WARN = "user_warn", _("User warned")
    CONVERSATION_READ = "conversation_read", _("Conversation read by staff through a report")


class AuditLogAppendOnlyError(Exception):
    """An UPDATE or DELETE of the audit log was attempted."""

    def __init__(self, operation: str) -> None:
        super().__init__(f"The audit log is append-only: {operation} refused.")


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    """Append-only in Python too (SQLite has no trigger of ours; PostgreSQL has, see 0004)."""

    def update(self, **kwargs: Any) -> int:
        raise AuditLogAppendOnlyError("update")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogAppendOnlyError("delete")


class AuditEntry(models.Model):
    """One staff action or security-relevant change: who, what, when, before and after, why.

    Append-only: the model and its queryset refuse updates and deletes, and on PostgreSQL a
    trigger (migration 0004) refuses UPDATE and DELETE for any client, raw SQL included. The
    actor and target are kept as plain ids (no database foreign key to the user) so that no
    cascade or SET NULL ever has to rewrite a row; account deletion anonymises the user row and
    leaves these entries as the platform's legal record (see marketplace/services/audit.py).
    """

    id = models.BigAutoField(primary_key=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # NULL: the platform itself (a beat job, a management command, a shell).
    actor = models.ForeignKey(
        "marketplace.User",
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_role = models.CharField(_("role"), max_length=200, blank=True)
    actor_ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=AuditAction.choices)
    target_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("target type"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_id = models.CharField(_("target id"), max_length=64)
    target_label = models.CharField(_("target"), max_length=200, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="auditentry_target"),
            models.Index(fields=["action", "-created_at"], name="auditentry_action"),
            models.Index(fields=["actor", "-created_at"], name="auditentry_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditLogAppendOnlyError("update")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditLogAppendOnlyError("delete")
