"""Dates and times: written one way in every answer (API, WebSocket, notifications), and read
one way from what clients send (paging cursors in query strings)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils.dateparse import parse_datetime

from marketplace.text import has_nul


def api_datetime(value: datetime) -> str:
    """An aware datetime as the API writes it: ISO 8601 in UTC with a `Z` (2026-12-07T15:14:04Z)."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def timestamp_parse(value: str) -> datetime | None:
    """An ISO 8601 date and time as an aware UTC datetime (no offset means UTC); None when it is
    not one, or when it lies outside what Python and the databases hold (year 9999 at -23:59 is
    past year 9999 in UTC; PostgreSQL refuses offsets beyond ±15:59, so it gets UTC only)."""
    # An unencoded "+03:00" in a query string arrives as " 03:00".
    text = value.strip().replace(" ", "+")
    if not text or has_nul(text):
        return None
    try:
        parsed = parse_datetime(text)
        if parsed is None:
            return None
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
