"""GA4 events through the outbox: only when configured, only with consent, no personal data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client

from integrations import services
from integrations.models import Notification
from integrations.tests.http_fake import http_serving
from marketplace.models import ConsentKind, User
from marketplace.services.privacy import consent_record
from parts.tests.factories import make_part

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_in_process")]
MEASUREMENT_ID = "G-TEST12345"
API_SECRET = "ga4-api-secret"


@dataclass
class FakeGa4:
    url: str = ""
    hits: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@pytest.fixture
def fake_ga4(settings: Any) -> Iterator[FakeGa4]:
    state = FakeGa4()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            url = urlparse(self.path)
            query = parse_qs(url.query)
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
            if url.path != "/mp/collect" or query != {
                "measurement_id": [MEASUREMENT_ID],
                "api_secret": [API_SECRET],
            }:
                state.problems.append(f"{self.path}")
            if not isinstance(body.get("client_id"), str) or not body.get("events"):
                state.problems.append(f"body {body!r}")
            state.hits.append(body)
            self.send_response(204)
            self.end_headers()

    with http_serving(Handler) as url:
        state.url = url
        settings.GA4_API_BASE_URL = state.url
        settings.GA4_MEASUREMENT_ID = MEASUREMENT_ID
        settings.GA4_API_SECRET = API_SECRET
        yield state


def _search(user: User) -> None:
    client = Client()
    client.force_login(user)
    assert (
        client.get("/api/parts", {"search": "alternatör", "location_city": "İstanbul"}).status_code
        == 200
    )


def test_nothing_is_recorded_when_ga4_is_not_configured(user: User) -> None:
    consent_record(user=user, kind=ConsentKind.ANALYTICS, granted=True)
    _search(user)
    assert not Notification.objects.filter(event="analytics").exists()


def test_nothing_is_recorded_without_consent(user: User, fake_ga4: FakeGa4) -> None:
    _search(user)
    assert not Notification.objects.filter(event="analytics").exists()
    assert fake_ga4.hits == []


def test_consenting_users_search_is_sent_without_personal_data(
    user: User, fake_ga4: FakeGa4, django_capture_on_commit_callbacks: Any
) -> None:
    consent_record(user=user, kind=ConsentKind.ANALYTICS, granted=True)
    with django_capture_on_commit_callbacks(execute=True):
        _search(user)
    assert fake_ga4.problems == []
    [hit] = fake_ga4.hits
    [event] = hit["events"]
    assert event["name"] == "part_search"
    assert event["params"]["city"] == "İstanbul"
    assert event["params"]["has_text"] == 1
    raw = json.dumps(hit, ensure_ascii=False)
    for personal in (user.email, str(user.pk), "alternatör"):
        assert personal not in raw
    notification = Notification.objects.get(event="analytics")
    assert notification.status == "sent"
    assert notification.attempts.get().provider == "ga4"


def test_listing_and_interest_events(
    user: User, other_user: User, fake_ga4: FakeGa4, django_capture_on_commit_callbacks: Any
) -> None:
    from interests.services import interest_express

    for person in (user, other_user):
        consent_record(user=person, kind=ConsentKind.ANALYTICS, granted=True)
    with django_capture_on_commit_callbacks(execute=True):
        part = make_part(seller=other_user)
        interest_express(user=user, part=part, type="not_interested")
    names = sorted(hit["events"][0]["name"] for hit in fake_ga4.hits)
    assert names == ["interest_expressed", "part_listed"]


def test_withdrawn_consent_stops_a_queued_event(user: User, fake_ga4: FakeGa4) -> None:
    from integrations.services import analytics_event_record

    consent_record(user=user, kind=ConsentKind.ANALYTICS, granted=True)
    notification = analytics_event_record(user=user, name="sign_up", params={"method": "email"})
    assert notification is not None
    consent_record(user=user, kind=ConsentKind.ANALYTICS, granted=False)
    assert services.notification_deliver(notification_id=notification.pk) == "skipped"
    assert fake_ga4.hits == []
