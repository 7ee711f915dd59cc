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
