"""The catalogue's usage statistics: one GA4 `part_search` per search by a consenting user."""

from __future__ import annotations

from django.db import transaction

from integrations.services import analytics_event_record
from marketplace.models import User
from parts.filters import PartSearchFilters


def part_search_recorded(*, user: User | None, filters: PartSearchFilters, total: int) -> None:
    """Only facets and the count: the typed words may hold personal data and are not sent."""
    if user is None:
        return
    with transaction.atomic():
        analytics_event_record(
            user=user,
            name="part_search",
            params={
                "has_text": bool(filters.search or filters.part_reference_key),
                "brand": filters.brand,
                "city": filters.location_city,
                "result_count": total,
            },
        )
