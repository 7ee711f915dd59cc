"""The benchmark scenarios: which URL is measured, on which server, against which target ratio."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ServerName = Literal["floor", "project"]


@dataclass(frozen=True)
class Scenario:
    """One endpoint under load.

    `target_ratio` is the lowest acceptable requests/s as a fraction of the floor's requests/s in
    the same run (0.5 = at least half the floor); None only reports the figure.
    """

    name: str
    path: str
    target_ratio: float | None
    description: str
    server: ServerName = "project"


FLOOR = Scenario(
    name="floor",
    path="/",
    target_ratio=None,
    description="Bare Django + DRF APIView returning a fixed 20-item list (bench/floor_app.py).",
    server="floor",
)

# The floor must come first: every other ratio is taken against it.
SCENARIOS: list[Scenario] = [
    FLOOR,
    Scenario(
        name="health",
        path="/api/health",
        target_ratio=None,
        description="Health check: database, cache and channel-layer round trips.",
    ),
    Scenario(
        name="cities",
        path="/api/cities",
        target_ratio=None,
        description="The 81 provinces, sorted the Turkish way, in the API envelope.",
    ),
]
