"""Faults with real processes: PostgreSQL restarted and Redis stopped under load.

Each test starts a PostgreSQL cluster of its own (`postgres_server_running`, migrated once for the
module) and, for the outage, a Redis of its own (`redis_server_running`): the shared PostgreSQL
and Redis that the rest of the suite and the other xdist worker use are never stopped. Daphne,
a Celery worker and beat run as real processes against them, with the local fake providers
(Twilio for SMS, Meta for WhatsApp, an SMTP server for e-mail). They run in CI's PostgreSQL +
Redis pass.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from conftest import (
    PrivatePostgres,
    celery_beat_running,
    celery_worker_running,
    daphne_running,
    manage_py,
    postgres_server_running,
    redis_server_running,
    requires_postgres,
    requires_redis,
)
from integrations.tests import fake_meta as meta
from integrations.tests import fake_smtp as smtp
from integrations.tests import fake_twilio as twilio
from integrations.tests.fake_meta import (
    FakeMeta,
    fake_meta,  # noqa: F401 - fixture
)
from integrations.tests.fake_smtp import FakeSmtp, fake_smtp  # noqa: F401 - fixture
from integrations.tests.fake_twilio import FakeTwilio, fake_twilio  # noqa: F401 - fixture
from marketplace.tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.live, requires_postgres]

# Creates buyers (verified e-mail, the test password, an access token) and one seller per
# notification channel with a listing; prints what the test needs as JSON.
SEED = """
import json, os
from allauth.account.models import EmailAddress
from django.utils import timezone
from marketplace.models import ConsentKind
from marketplace.services.privacy import consent_record
from marketplace.tests.factories import UserFactory
from marketplace.tokens import access_token_create
from parts.tests.factories import make_part

prefix, buyer_count = os.environ["SEED_PREFIX"], int(os.environ["SEED_BUYERS"])
phones = {"sms": f"+90532{len(prefix):02d}1{0:04d}", "whatsapp": f"+90532{len(prefix):02d}1{1:04d}"}
buyers = []
for index in range(buyer_count):
    buyer = UserFactory.create(email=f"{prefix}-alici{index}@example.com", notify_email=False)
    EmailAddress.objects.create(user=buyer, email=buyer.email, primary=True, verified=True)
    buyers.append({"email": buyer.email, "token": access_token_create(user=buyer)})
sellers = {
    "sms": UserFactory.create(email=f"{prefix}-sms@example.com", phone=phones["sms"],
        phone_verified_at=timezone.now(), notify_sms=True, notify_email=False),
    "whatsapp": UserFactory.create(email=f"{prefix}-whatsapp@example.com", phone=phones["whatsapp"],
        phone_verified_at=timezone.now(), notify_whatsapp=True, notify_email=False),
    "email": UserFactory.create(email=f"{prefix}-eposta@example.com", notify_email=True),
}
consent_record(user=sellers["whatsapp"], kind=ConsentKind.WHATSAPP, granted=True)
parts = {channel: str(make_part(seller=seller).pk) for channel, seller in sellers.items()}
print(json.dumps({"buyers": buyers, "parts": parts, "phones": phones}))
"""

# Every interest notification of the sellers of `prefix`: its status and sent attempts.
OUTCOMES = """
import json, os
from integrations.models import Notification
prefix = os.environ["SEED_PREFIX"]
rows = Notification.objects.filter(user__email__startswith=prefix + "-", event="interest_received")
print(json.dumps([
    {"to": row.user.email, "status": row.status,
     "sent_attempts": row.attempts.filter(status="sent").count()}
    for row in rows
]))
"""


def _manage_json(script: str, **environment: str) -> Any:
    output = manage_py("shell", "--no-imports", "-c", script, **environment)
    return json.loads(output.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def private_postgres() -> Iterator[PrivatePostgres]:
    with postgres_server_running() as postgres:
        manage_py("migrate", "--no-input", "-v", "0", DATABASE_URL=postgres.url)
        yield postgres


def _browser_logged_in(url: str, email: str) -> requests.Session:
    browser = requests.Session()
    page = browser.get(url + "/hesap/giris/", timeout=30)
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert match, page.text[:300]
    answer = browser.post(
        url + "/hesap/giris/",
        data={"csrfmiddlewaretoken": match.group(1), "login": email, "password": TEST_PASSWORD},
        headers={"Referer": url + "/hesap/giris/"},
        timeout=30,
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text[:500]
    return browser


# What a logged-in browser and an app see: pages, a search, the API, and both kinds of 404 (the
# page's renders the session's user, so it reads the database).
PATHS = {
    "/": 200,
    "/parcalar/?q=disk": 200,
    "/hesabim/": 200,
    "/olmayan-sayfa/": 404,
    "/api/parts?q=disk": 200,
    "/api/olmayan": 404,
}


def _statuses(browser: requests.Session, url: str) -> dict[str, int]:
    return {path: browser.get(url + path, timeout=30).status_code for path in PATHS}


def test_error_pages_recover_after_postgres_restart_under_daphne(
    private_postgres: PrivatePostgres,
) -> None:
    seed = _manage_json(
        SEED, SEED_PREFIX="recover", SEED_BUYERS="1", DATABASE_URL=private_postgres.url
    )
    with daphne_running(DATABASE_URL=private_postgres.url) as server:
        browser = _browser_logged_in(server.url, seed["buyers"][0]["email"])
        for _ in range(3):
            assert _statuses(browser, server.url) == PATHS
        private_postgres.restart()
        # Every path, error pages included, recovers on its own: no 500 from the first request.
        for _ in range(3):
            assert _statuses(browser, server.url) == PATHS


@dataclass
class Load:
    """A few threads requesting pages, searches, the API and 404s until stopped; every answer
    is recorded with when its request was sent and when it was answered (an exception as status
    0), so a request in flight across a phase boundary counts in neither phase."""

    url: str
    browser: requests.Session
    answers: list[tuple[float, float, str, int]] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, index: int) -> None:
        paths = list(PATHS)
        step = index
        while not self.stopping.is_set():
            path = paths[step % len(paths)]
            step += 1
            sent_at = time.monotonic()
            try:
                status = self.browser.get(self.url + path, timeout=15).status_code
            except requests.RequestException:
                status = 0
            with self.lock:
                self.answers.append((sent_at, time.monotonic(), path, status))
            time.sleep(0.05)

    def statuses_between(self, start: float, end: float) -> list[tuple[str, int]]:
        """The requests sent at or after `start` and answered before `end`. Under load a request
        sent while Redis is down can be served while PostgreSQL restarts, and fail with it."""
        with self.lock:
            return [
                (path, status)
                for sent_at, answered_at, path, status in self.answers
                if start <= sent_at and answered_at < end
            ]


def _interests(url: str, buyers: list[dict[str, str]], parts: dict[str, str]) -> list[int]:
    return [
        requests.post(
            f"{url}/api/parts/{part_id}/interest",
            json={"type": "interested"},
            headers={"Authorization": f"Bearer {buyer['token']}"},
            timeout=60,
        ).status_code
        for buyer in buyers
        for part_id in parts.values()
    ]


def _api_login(url: str, email: str) -> int:
    return requests.post(
        url + "/api/auth/login", json={"email": email, "password": TEST_PASSWORD}, timeout=30
    ).status_code


def _provider_environment(
    twilio_fake: FakeTwilio, meta_fake: FakeMeta, smtp_fake: FakeSmtp
) -> dict[str, str]:
    return {
        "SMS_BACKEND": "integrations.sms.backends.twilio.TwilioSmsBackend",
        "TWILIO_ACCOUNT_SID": twilio.ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": twilio.AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": twilio.FROM_NUMBER,
        "TWILIO_API_BASE_URL": twilio_fake.url,
        "WHATSAPP_BACKEND": "integrations.whatsapp.backends.meta_cloud.MetaCloudWhatsAppBackend",
        "WHATSAPP_CLOUD_API_BASE_URL": meta_fake.url,
        "WHATSAPP_CLOUD_API_VERSION": meta.VERSION,
        "WHATSAPP_CLOUD_PHONE_NUMBER_ID": meta.PHONE_NUMBER_ID,
        "WHATSAPP_CLOUD_ACCESS_TOKEN": meta.ACCESS_TOKEN,
        "WHATSAPP_CLOUD_APP_SECRET": meta.APP_SECRET,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": smtp_fake.host,
        "EMAIL_PORT": str(smtp_fake.port),
        "EMAIL_HOST_USER": smtp.USERNAME,
        "EMAIL_HOST_PASSWORD": smtp.PASSWORD,
        "EMAIL_USE_TLS": "false",
        "NOTIFICATION_QUIET_HOURS": "0-0",
        "NOTIFICATION_SWEEP_SECONDS": "1",
    }


@requires_redis
def test_no_500_and_every_notification_once_through_redis_outage_and_postgres_restart(
    private_postgres: PrivatePostgres,
    fake_twilio: FakeTwilio,  # noqa: F811 - fixture
    fake_meta: FakeMeta,  # noqa: F811 - fixture
    fake_smtp: FakeSmtp,  # noqa: F811 - fixture
    tmp_path: Path,
) -> None:
    seed = _manage_json(
        SEED, SEED_PREFIX="fault", SEED_BUYERS="6", DATABASE_URL=private_postgres.url
    )
    buyers, parts = seed["buyers"], seed["parts"]
    with redis_server_running() as (port, stop_redis, start_redis):
        environment = {
            "DATABASE_URL": private_postgres.url,
            "REDIS_URL": f"redis://127.0.0.1:{port}/0",
            **_provider_environment(fake_twilio, fake_meta, fake_smtp),
        }
        with (
            daphne_running(**environment) as server,
            celery_worker_running(wait=False, **environment),
            celery_beat_running(tmp_path / "celerybeat-schedule", **environment),
        ):
            load = Load(server.url, _browser_logged_in(server.url, buyers[0]["email"]))
            threads = [threading.Thread(target=load.run, args=(index,)) for index in range(3)]
            for thread in threads:
                thread.start()
            try:
                assert _interests(server.url, buyers[:2], parts) == [201] * 6
                time.sleep(1)

                stop_redis()
                redis_down_at = time.monotonic()
                # Logins go on while Redis is down (their rate limits fail open).
                assert _api_login(server.url, buyers[1]["email"]) == 200
                _browser_logged_in(server.url, buyers[2]["email"])
                assert _interests(server.url, buyers[2:4], parts) == [201] * 6
                time.sleep(2)
                start_redis()

                restart_begins_at = time.monotonic()
                private_postgres.restart()
                restarted_at = time.monotonic()
                assert _interests(server.url, buyers[4:], parts) == [201] * 6
                assert _api_login(server.url, buyers[5]["email"]) == 200
                time.sleep(3)
            finally:
                load.stopping.set()
                for thread in threads:
                    thread.join(timeout=30)
            ended_at = time.monotonic()

            deadline = time.monotonic() + 45
            outcomes: list[dict[str, Any]] = []
            while time.monotonic() < deadline:
                outcomes = _manage_json(
                    OUTCOMES, SEED_PREFIX="fault", DATABASE_URL=private_postgres.url
                )
                if len(outcomes) == 18 and all(row["status"] == "sent" for row in outcomes):
                    break
                time.sleep(1)
            time.sleep(2)  # a few more sweeps: nothing is sent twice

    # No 500 while Redis was down, and none from any path once PostgreSQL was back.
    # (Until the restart began: Redis had just come back, the requests were served without it.)
    during_outage = load.statuses_between(redis_down_at, restart_begins_at)
    assert during_outage
    assert [answer for answer in during_outage if answer[1] >= 500] == []
    after_recovery = load.statuses_between(restarted_at, ended_at)
    assert {path for path, _status in after_recovery} == set(PATHS)
    assert [answer for answer in after_recovery if answer[1] != PATHS[answer[0]]] == []

    # Every interest told its seller exactly once, on the seller's channel.
    assert len(outcomes) == 18
    assert all(row["status"] == "sent" and row["sent_attempts"] == 1 for row in outcomes)
    phones = seed["phones"]
    assert [sms.to for sms in fake_twilio.messages] == [phones["sms"]] * 6
    assert [message.to for message in fake_meta.messages] == [phones["whatsapp"][1:]] * 6
    assert [mail.rcpt_to for mail in fake_smtp.mails] == [["fault-eposta@example.com"]] * 6
    assert fake_twilio.problems == fake_meta.problems == fake_smtp.problems == []
