"""Reports about a user (`POST /api/users/{id}/report`): no conversation or listing needed."""

from __future__ import annotations

import uuid

import pytest

from conftest import bearer_client
from marketplace.models import User
from marketplace.tests.factories import UserFactory
from messaging.models import Report, ReportStatus
from messaging.tests.conftest import error_of

pytestmark = pytest.mark.django_db


def _url(user: User | str) -> str:
    key = user.pk if isinstance(user, User) else user
    return f"/api/users/{key}/report"


def test_a_user_is_reported_once_while_the_report_is_open(buyer: User, seller: User) -> None:
    client = bearer_client(buyer)
    first = client.post(_url(seller), {"reason": "fraud", "note": "Kapora istedi, kayboldu"})
    second = client.post(_url(seller), {"reason": "abuse"})

    assert first.status_code == second.status_code == 201
    assert first.json()["message"] == "Teşekkürler. Ekibimiz şikayetinizi inceleyecek."
    report = first.json()["data"]["report"]
    assert (report["reason"], report["status"], report["message_id"]) == ("fraud", "open", None)
    assert second.json()["data"]["report"]["id"] == report["id"]
    stored = Report.objects.get()
    assert (stored.reporter, stored.reported_user, stored.part, stored.conversation) == (
        buyer,
        seller,
        None,
        None,
    )
    assert stored.note == "Kapora istedi, kayboldu"

    # Once staff closed it, the same reporter may report the user again.
    Report.objects.filter(pk=stored.pk).update(status=ReportStatus.DISMISSED)
    third = client.post(_url(seller), {"reason": "spam"})
    assert third.status_code == 201
    assert third.json()["data"]["report"]["id"] != report["id"]
    # Another reporter files their own.
    assert (
        bearer_client(UserFactory.create()).post(_url(seller), {"reason": "spam"}).status_code
        == 201
    )
    assert Report.objects.filter(reported_user=seller).count() == 3


def test_oneself_cannot_be_reported(buyer: User) -> None:
    response = bearer_client(buyer).post(_url(buyer), {"reason": "spam"})
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "VALIDATION_ERROR"
    assert error["details"]["user"] == ["Kendinizi şikâyet edemezsiniz."]
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reason": "kızgınım"}, "reason"),
        ({}, "reason"),
        ({"reason": "spam", "note": "ç" * 1001}, "note"),
        ({"reason": "spam", "note": "a\x00b"}, "note"),
    ],
)
def test_bad_user_reports_are_refused(buyer: User, seller: User, body: dict, field: str) -> None:
    response = bearer_client(buyer).post(_url(seller), body)
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "VALIDATION_ERROR"
    assert field in error["details"]
    assert not Report.objects.exists()


def test_unknown_malformed_or_banned_users_are_not_found(buyer: User) -> None:
    banned = UserFactory.create(is_active=False)
    for key in (str(uuid.uuid4()), "bozuk", str(banned.pk)):
        response = bearer_client(buyer).post(_url(key), {"reason": "spam"})
        assert response.status_code == 404
        assert error_of(response)["code"] == "NOT_FOUND"
    assert not Report.objects.exists()


def test_anonymous_visitors_must_log_in(seller: User) -> None:
    from rest_framework.test import APIClient

    response = APIClient().post(_url(seller), {"reason": "spam"}, format="json")
    assert response.status_code == 401
