"""What a ban and its lifting do to the catalogue, registered with the core's account hooks
(marketplace/account_hooks.py) from PartsConfig.ready(). Both run in the (un)ban's transaction."""

from __future__ import annotations

from marketplace.models import User
from parts.search_cache import search_cache_invalidate
from parts.services import part_listings_restore_after_ban, part_listings_suspend_for_ban


def listings_suspend_for_ban(user: User) -> None:
    """A banned seller's active listings are hidden, and visitors' cached searches forgotten."""
    part_listings_suspend_for_ban(seller=user)
    search_cache_invalidate()


def listings_restore_after_unban(user: User) -> None:
    """Lifting the ban brings back the listings the ban hid (and only those)."""
    part_listings_restore_after_ban(seller=user)
    search_cache_invalidate()
