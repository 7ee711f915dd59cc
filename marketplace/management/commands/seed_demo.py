"""`manage.py seed_demo`: demo accounts (and, from the parts app, demo listings); idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from marketplace.models import User
from marketplace.services import user_create

DEMO_PASSWORD = "Demo12345"  # noqa: S105 - published in the README for the local demo only

DEMO_USERS: list[dict[str, Any]] = [
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
]


class Command(BaseCommand):
    help = "Loads demo accounts and listings. Running it twice changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        created = 0
        for fields in DEMO_USERS:
            if User.objects.filter(email__iexact=fields["email"]).exists():
                continue
            user_create(password=DEMO_PASSWORD, **fields)
            created += 1
        self.stdout.write(f"Demo users: {created} created, {len(DEMO_USERS) - created} present.")
