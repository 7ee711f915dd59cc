"""Searches and listing pages read from a real streaming replica (a second PostgreSQL cluster fed by
pg_basebackup -R), while whoever just changed something reads their own change from the primary.

The replica's replay is paused to make it visibly behind: what a visitor finds then can only have
come from the replica; what the seller finds can only have come from the primary."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import psycopg
import pytest
import requests

from conftest import (
    LiveServer,
    PrivatePostgres,
    daphne_running,
    manage_py,
    postgres_server_running,
    requires_postgres,
)
from marketplace.tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.live, requires_postgres]

NO_CACHE = {"Cache-Control": "no-cache"}
LISTING = {
    "part_reference": "7701 049 278",
    "description": "Çıkma, sorunsuz çalışıyor.",
    "condition": "Kullanılabilir",
    "price": "1500",
    "brand": "Renault",
    "model": "Clio",
    "year": 2016,
    "location_city": "İstanbul",
}
SELLER = """
from allauth.account.models import EmailAddress
from marketplace.tests.factories import UserFactory
seller = UserFactory.create(email="replica-satici@example.com")
EmailAddress.objects.create(user=seller, email=seller.email, primary=True, verified=True)
print("ok")
"""


@pytest.fixture(scope="module")
def primary_and_replica() -> Iterator[PrivatePostgres]:
    with postgres_server_running(replica=True) as postgres:
        manage_py("migrate", "--no-input", "-v", "0", DATABASE_URL=postgres.url)
        manage_py("shell", "--no-imports", "-c", SELLER, DATABASE_URL=postgres.url)
        yield postgres


@pytest.fixture(scope="module")
def site(primary_and_replica: PrivatePostgres) -> Iterator[LiveServer]:
    with daphne_running(
        DATABASE_URL=primary_and_replica.url,
        DATABASE_REPLICA_URL=primary_and_replica.replica_url,
        DATABASE_REPLICA_PIN_SECONDS="30",
        REDIS_URL="",  # the pin is kept in this one server's memory and in the cookie
    ) as server:
        yield server


def _replay(replica_url: str, *, paused: bool) -> None:
    with psycopg.connect(replica_url, autocommit=True) as connection:
        connection.execute(
            "SELECT pg_wal_replay_pause()" if paused else "SELECT pg_wal_replay_resume()"
        )


def _caught_up(primary_url: str, replica_url: str) -> None:
    with psycopg.connect(primary_url, autocommit=True) as primary:
        row = primary.execute("SELECT pg_current_wal_lsn()").fetchone()
        assert row is not None
        target = row[0]
    deadline = time.monotonic() + 30
    with psycopg.connect(replica_url, autocommit=True) as replica:
        while time.monotonic() < deadline:
            row = replica.execute(
                "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]
            ).fetchone()
            if row and row[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the replica did not catch up in 30 s")


def _search_ids(url: str, word: str, **headers: str) -> list[str]:
    answer = requests.get(
        f"{url}/api/parts",
        params={"search": word},
        headers={**NO_CACHE, **headers},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text[:500]
    return [part["id"] for part in answer.json()["data"]["parts"]]


def _login(url: str) -> str:
    answer = requests.post(
        f"{url}/api/auth/login",
        json={"email": "replica-satici@example.com", "password": TEST_PASSWORD},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text[:500]
    return str(answer.json()["session"]["access_token"])


def test_the_replica_serves_visitors_and_whoever_changed_something_reads_the_primary(
    primary_and_replica: PrivatePostgres, site: LiveServer
) -> None:
    token = _login(site.url)
    word = "replikatest" + uuid.uuid4().hex[:6]
    _caught_up(primary_and_replica.url, primary_and_replica.replica_url)
    _replay(primary_and_replica.replica_url, paused=True)
    try:
        created = requests.post(
            f"{site.url}/api/parts",
            headers={"Authorization": f"Bearer {token}"},
            json={**LISTING, "title": f"Ön sol far {word}"},
            timeout=30,
        )
        assert created.status_code == 201, created.text[:500]
        part = created.json()["data"]["part"]

        # The seller, pinned to the primary after their write, finds it at once (the API keeps
        # no cookies: the pin follows the bearer token).
        assert _search_ids(site.url, word, Authorization=f"Bearer {token}") == [part["id"]]
        # A visitor reads the replica, which has not replayed the insert yet: no result, and the
        # listing's page is not there yet either.
        assert _search_ids(site.url, word) == []
        assert requests.get(f"{site.url}/parca/{part['id']}/", timeout=30).status_code == 404

        # A browser that changed something gets a short-lived pin cookie, and reads the primary.
        browser = requests.Session()
        answer = browser.post(f"{site.url}/api/auth/logout", json={}, timeout=30)
        assert answer.status_code < 500, answer.text[:300]
        pin = next(cookie for cookie in browser.cookies if cookie.name == "db_primary")
        assert pin.expires is not None
        assert 0 < pin.expires - time.time() <= 30
        assert pin.has_nonstandard_attr("HttpOnly")
        found = browser.get(
            f"{site.url}/api/parts", params={"search": word}, headers=NO_CACHE, timeout=30
        )
        assert [item["id"] for item in found.json()["data"]["parts"]] == [part["id"]]
    finally:
        _replay(primary_and_replica.replica_url, paused=False)

    _caught_up(primary_and_replica.url, primary_and_replica.replica_url)
    assert _search_ids(site.url, word) == [part["id"]]

    # The replica goes away: searches fall back to the primary instead of failing.
    primary_and_replica.replica_stop()
    assert _search_ids(site.url, word) == [part["id"]]
    assert requests.get(f"{site.url}/", timeout=30).status_code == 200
