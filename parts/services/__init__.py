"""Writes of the parts catalogue: listings (`listings.py`) and their photos (`images.py`)."""

from parts.services.expiry import (
    part_expiry_sweep,
    part_renew,
)
from parts.services.images import (
    part_image_process,
    part_image_upload,
    part_image_url,
    part_images_from_references,
)
from parts.services.listings import (
    part_create,
    part_create_with_photos,
    part_delete,
    part_listings_restore_after_ban,
    part_listings_suspend_for_ban,
    part_search_fields_fill,
    part_status_change,
    part_update,
    part_view_count_increment,
)
from parts.services.search_words import search_words_add, search_words_rebuild

__all__ = [
    "part_create",
    "part_create_with_photos",
    "part_delete",
    "part_expiry_sweep",
    "part_image_process",
    "part_image_upload",
    "part_image_url",
    "part_images_from_references",
    "part_listings_restore_after_ban",
    "part_listings_suspend_for_ban",
    "part_renew",
    "part_search_fields_fill",
    "part_status_change",
    "part_update",
    "part_view_count_increment",
    "search_words_add",
    "search_words_rebuild",
]
