"""Any saved or deleted listing or photo (services, admin, shell) invalidates cached searches;
bulk `update()`s that change what visitors see call `search_cache_invalidate` themselves.
An uploaded photo (after its commit) is queued for processing."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from parts.models import Part, PartImage
from parts.search_cache import search_cache_invalidate
from parts.signals import part_image_uploaded
from parts.tasks import part_image_process_task


@receiver(post_save, sender=Part, dispatch_uid="parts-search-cache-part-saved")
@receiver(post_delete, sender=Part, dispatch_uid="parts-search-cache-part-deleted")
@receiver(post_save, sender=PartImage, dispatch_uid="parts-search-cache-image-saved")
@receiver(post_delete, sender=PartImage, dispatch_uid="parts-search-cache-image-deleted")
def search_cache_invalidate_on_change(sender: Any, **kwargs: Any) -> None:
    search_cache_invalidate()


@receiver(part_image_uploaded, dispatch_uid="parts-image-uploaded-process")
def part_image_process_enqueue(sender: Any, *, image_id: uuid.UUID, **kwargs: Any) -> None:
    part_image_process_task.delay(str(image_id))
