"""Fixtures of the payments tests: a local KPS, configured or not."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from payments.tests.kps_server import KpsServer, kps_server_running


@pytest.fixture
def kps(settings: Any) -> Iterator[KpsServer]:
    with kps_server_running() as server:
        settings.KPS_URL = server.url
        settings.KPS_TIMEOUT_SECONDS = 1.0
        yield server
        assert server.problems == []


@pytest.fixture(autouse=True)
def _kps_not_configured_by_default(settings: Any) -> None:
    settings.KPS_URL = ""
