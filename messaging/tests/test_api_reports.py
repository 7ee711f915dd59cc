"""Reports through the chat API and the listing's report endpoint (responses checked against
the OpenAPI schema)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from conftest import bearer_client
from marketplace.models import User
from messaging.models import Conversation, Report
from messaging.tests.conftest import action_url, error_of, send_at
from parts.tests.factories import make_part

pytestmark = pytest.mark.django_db


def test_report_of_a_message_and_of_the_user(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    scam = send_at(
        conversation, seller, "Kaporayı şu hesaba yatırın: TR33 0006 1005 1978 6457 8413 26"
    )
    client = bearer_client(buyer)

    response = client.post(
        action_url(conversation, "report"),
        {"reason": "fraud", "message_id": str(scam.pk), "note": "Kapora istiyor"},
    )
    assert response.status_code == 201
    assert response.json()["message"] == "Teşekkürler. Ekibimiz şikayetinizi inceleyecek."
    report = response.json()["data"]["report"]
    assert (report["reason"], report["status"], report["message_id"]) == (
        "fraud",
        "open",
        str(scam.pk),
    )
    stored = Report.objects.get()
    assert (stored.reporter, stored.reported_user, stored.note) == (buyer, seller, "Kapora istiyor")

    # The same message twice: still one report. The user without a message: a second one.
    again = client.post(
        action_url(conversation, "report"), {"reason": "fraud", "message_id": str(scam.pk)}
    )
    assert again.json()["data"]["report"]["id"] == report["id"]
    user_report = client.post(action_url(conversation, "report"), {"reason": "abuse"})
    assert user_report.status_code == 201
    assert user_report.json()["data"]["report"]["message_id"] is None
    assert Report.objects.count() == 2


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"reason": "kızgınım"}, 400, "VALIDATION_ERROR", "reason"),
        ({}, 400, "VALIDATION_ERROR", "reason"),
        ({"reason": "spam", "message_id": "bozuk"}, 400, "VALIDATION_ERROR", "message_id"),
        ({"reason": "spam", "note": "ç" * 1001}, 400, "VALIDATION_ERROR", "note"),
        ({"reason": "spam", "note": ["liste"]}, 400, "VALIDATION_ERROR", "note"),
    ],
)
def test_bad_reports_are_refused(
    conversation: Conversation,
    buyer: User,
    body: dict[str, Any],
    status: int,
    code: str,
    field: str,
) -> None:
    response = bearer_client(buyer).post(action_url(conversation, "report"), body)
    assert response.status_code == status
    error = error_of(response)
    assert error["code"] == code
    assert field in error["details"]
    assert not Report.objects.exists()


def test_reporting_ones_own_or_an_unknown_message_is_not_found(
    conversation: Conversation, buyer: User
) -> None:
    own = send_at(conversation, buyer, "Benim mesajım")
    for message_id in (own.pk, uuid.uuid4()):
        response = bearer_client(buyer).post(
            action_url(conversation, "report"), {"reason": "spam", "message_id": str(message_id)}
        )
        assert response.status_code == 404
        assert error_of(response)["code"] == "NOT_FOUND"


def test_a_listing_is_reported_through_the_api_once_without_interest(
    buyer: User, seller: User
) -> None:
    part = make_part(seller=seller)
    first = bearer_client(buyer).post(
        f"/api/parts/{part.id}/report", {"reason": "spam", "note": "Aynı ilan 5 kez"}
    )
    second = bearer_client(buyer).post(f"/api/parts/{part.id}/report", {"reason": "spam"})
    own = bearer_client(seller).post(f"/api/parts/{part.id}/report", {"reason": "spam"})
    unknown = bearer_client(buyer).post("/api/parts/olmayan/report", {"reason": "spam"})

    assert first.status_code == second.status_code == 201
    assert first.json()["data"]["report"]["id"] == second.json()["data"]["report"]["id"]
    assert own.status_code == 400
    assert unknown.status_code == 404
    assert error_of(unknown)["code"] == "PART_NOT_FOUND"
    assert Report.objects.get().part == part
