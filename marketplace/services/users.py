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


def user_profile_update(
    *, user: User, display_name: str | None = None, city: str | None = None
) -> User:
    """Changes the public profile; the city in any spelling (`istanbul`, `34`) or empty."""
    from marketplace.cities import resolve_city
    from marketplace.errors import ERROR_MESSAGES, DomainError, ErrorCode

    changed: list[str] = []
    if display_name is not None:
        user.display_name = display_name.strip()[:80]
        changed.append("display_name")
    if city is not None:
        canonical = resolve_city(city) if city.strip() else ""
        if canonical is None:
            message = ERROR_MESSAGES[ErrorCode.INVALID_TURKISH_CITY]
            raise DomainError(ErrorCode.INVALID_TURKISH_CITY, details={"city": [str(message)]})
        user.city = canonical
        changed.append("city")
    if changed:
        user.save(update_fields=[*changed, "updated_at"])
    return user
