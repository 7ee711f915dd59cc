"""`manage.py photo_hashes_backfill`: perceptual hashes for photos processed before moderation
kept them, so the near-duplicate photo rule (parts.risk) also finds copies of older photos."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from parts.services.images import part_image_hashes_backfill


class Command(BaseCommand):
    help = "Computes the perceptual hash of every processed listing photo that has none."

    def handle(self, *args: Any, **options: Any) -> None:
        done = part_image_hashes_backfill()
        self.stdout.write(f"{done} photo hash(es) computed")
