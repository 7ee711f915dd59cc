"""Authorization-matrix rows of the messaging app (see marketplace/tests/access.py)."""

from __future__ import annotations

from marketplace.tests.access import Access
from messaging.tests.access_live import LIVE_ROWS

ACCESS_ROWS: list[Access] = []
ACCESS_ROWS += LIVE_ROWS
