"""Writes of the core app."""

from __future__ import annotations

from django.db import transaction

from marketplace.models import User, normalize_email_address


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    display_name: str = "",
    phone: str | None = None,
    city: str = "",
    is_business_seller: bool = False,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Validates (e-mail, phone in any Turkish spelling, city) and saves a new user."""
    return User.objects.create_user(
        email=normalize_email_address(email),
        password=password,
        display_name=display_name,
        phone=phone,
        city=city,
        is_business_seller=is_business_seller,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
