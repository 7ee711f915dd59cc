"""Re-encrypts every payout profile's identity data with the current key (the first of
INTEGRATIONS_ENCRYPTION_KEYS). Run it, with `rotate_integration_keys`, after putting a new key
first; then the old key can go."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from payments.services import payout_profiles_keys_rotate


class Command(BaseCommand):
    help = "Re-encrypt payout profiles' identity data with the current encryption key."

    def handle(self, *args: Any, **options: Any) -> None:
        rotated = payout_profiles_keys_rotate()
        self.stdout.write(f"{rotated} payout profile(s) re-encrypted.")
