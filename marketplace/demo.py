"""Demo data for `manage.py seed_demo`: the demo accounts and the registry of the apps' loaders."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from marketplace.models import User
from marketplace.services import user_create

DEMO_PASSWORD = "Demo12345"  # noqa: S105 - published in the README for the local demo only
DEMO_EMAIL_DOMAIN = "banayeni.local"

DEMO_USERS: tuple[dict[str, Any], ...] = (
    {
        "email": "yonetici@banayeni.local",
        "display_name": "Site Yöneticisi",
        "is_staff": True,
        "is_superuser": True,
    },
    {
        "email": "satici@banayeni.local",
        "display_name": "Kaya Oto Çıkma",
        "phone": "0532 111 22 33",
        "city": "İstanbul",
        "is_business_seller": True,
    },
    {
        "email": "alici@banayeni.local",
        "display_name": "Ayşe Yılmaz",
        "city": "Ankara",
    },
    {
        "email": "anadolu@banayeni.local",
        "display_name": "Anadolu Yedek Parça",
        "phone": "0533 222 33 44",
        "city": "Konya",
        "is_business_seller": True,
    },
    {
        "email": "ege@banayeni.local",
        "display_name": "Ege Oto Sanayi",
        "phone": "0542 333 44 55",
        "city": "İzmir",
        "is_business_seller": True,
    },
    {
        "email": "mehmet.usta@banayeni.local",
        "display_name": "Mehmet Demir",
        "phone": "0555 444 55 66",
        "city": "Bursa",
    },
)
# Who owns the demo listings: the three yards and one private seller.
DEMO_SELLER_EMAILS: tuple[str, ...] = (
    "satici@banayeni.local",
    "anadolu@banayeni.local",
    "ege@banayeni.local",
    "mehmet.usta@banayeni.local",
)

# Synthetic listings for benchmarks (`seed_demo --parts N`) belong to these sellers only, so
# they can be counted and never mix with the hand-written demo listings.
SYNTHETIC_SELLER_COUNT = 20
SYNTHETIC_SELLER_EMAIL = "toplu-satici-{number:02d}@banayeni.local"

# Every content loader takes the demo sellers (`sellers=`) and returns how many rows it created;
# running it again must create nothing. Dotted paths keep this app free of imports of the others.
DemoLoader = Callable[..., int]
DEMO_LOADERS: tuple[str, ...] = (
    "parts.demo.demo_parts_load",
    "payments.demo.demo_payout_profiles_load",
)
# `seed_demo --parts N`: (*, count, sellers) -> created.
SYNTHETIC_PARTS_LOADER = "parts.demo.demo_parts_synthetic_load"
# () -> how many synthetic listings exist.
SYNTHETIC_PARTS_COUNTER = "parts.demo.demo_parts_synthetic_count"


def _users_ensure(accounts: Sequence[dict[str, Any]], *, password: str | None) -> list[User]:
    emails = [account["email"] for account in accounts]
    present = {user.email: user for user in User.objects.filter(email__in=emails)}
    users = []
    for fields in accounts:
        user = present.get(fields["email"])
        if user is None:
            user = user_create(password=password, **fields)
        users.append(user)
    return users


def demo_users_load() -> list[User]:
    """The demo accounts (password `Demo12345`), created once; the existing ones are returned.

    Their e-mail addresses (and phones) count as verified, so they can log in at once.
    """
    from allauth.account.models import EmailAddress

    users = _users_ensure(DEMO_USERS, password=DEMO_PASSWORD)
    for user in users:
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
    User.objects.filter(
        pk__in=[user.pk for user in users], phone__isnull=False, phone_verified_at__isnull=True
    ).update(phone_verified_at=timezone.now())
    return users


def demo_sellers(users: Sequence[User]) -> list[User]:
    return [user for user in users if user.email in DEMO_SELLER_EMAILS]


def demo_synthetic_sellers_load() -> list[User]:
    """The owners of synthetic benchmark listings; they cannot log in (no usable password)."""
    accounts = [
        {
            "email": SYNTHETIC_SELLER_EMAIL.format(number=number),
            "display_name": f"Toplu Satıcı {number}",
            "is_business_seller": True,
        }
        for number in range(1, SYNTHETIC_SELLER_COUNT + 1)
    ]
    with transaction.atomic():
        return _users_ensure(accounts, password=None)


def demo_synthetic_seller_ids() -> list[Any]:
    emails = [
        SYNTHETIC_SELLER_EMAIL.format(number=number)
        for number in range(1, SYNTHETIC_SELLER_COUNT + 1)
    ]
    return list(User.objects.filter(email__in=emails).values_list("pk", flat=True))


def demo_loaders() -> list[tuple[str, DemoLoader]]:
    return [(path, import_string(path)) for path in DEMO_LOADERS]


def demo_synthetic_parts_loader() -> DemoLoader:
    loader: DemoLoader = import_string(SYNTHETIC_PARTS_LOADER)
    return loader


def demo_synthetic_parts_count() -> int:
    counter: Callable[[], int] = import_string(SYNTHETIC_PARTS_COUNTER)
    return counter()
