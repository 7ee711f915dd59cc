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


def normalize_email_address(email: str) -> str:
    """One spelling per mailbox: trimmed and lower-cased, so uniqueness is case-insensitive."""
    return email.strip().lower()


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
        from marketplace.privacy import mask_email

        return self.display_name or mask_email(self.email)
