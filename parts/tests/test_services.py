"""Services of the catalogue that have no page or endpoint of their own (periodic tasks)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from integrations.models import Notification
from parts.models import Part
from parts.tasks import part_photos_delayed_notify_task
from parts.tests.factories import make_part

pytestmark = pytest.mark.django_db


def test_a_seller_whose_photos_wait_too_long_is_told_once() -> None:
    waiting = make_part(title="Bekleyen far")
    fresh = make_part(title="Yeni ilan")
    ready = make_part(title="Hazır ilan")
    long_ago = timezone.now() - timedelta(minutes=20)
    Part.objects.filter(pk=waiting.pk).update(images_pending=2, updated_at=long_ago)
    Part.objects.filter(pk=fresh.pk).update(images_pending=1)
    Part.objects.filter(pk=ready.pk).update(updated_at=long_ago)

    assert part_photos_delayed_notify_task() == 1
    assert part_photos_delayed_notify_task() == 0  # once per listing

    [notice] = Notification.objects.filter(event="listing_photos_delayed")
    assert notice.user == waiting.seller
    assert notice.context["part_name"] == "Bekleyen far"
    assert notice.context["part_url"].endswith(f"/parca/{waiting.slug}/duzenle/")
