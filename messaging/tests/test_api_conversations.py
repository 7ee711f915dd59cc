"""The chat API's conversations through the real HTTP stack (responses checked against the
OpenAPI schema): the list, closing, blocking, what strangers learn, the rate limit."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.fixtures import Settings

from conftest import bearer_client
from marketplace.models import User
from marketplace.tests.factories import UserFactory
from messaging import services
from messaging.models import Conversation, ConversationStatus, Message, Report, UserBlock
from messaging.tests.conftest import LIST, action_url, error_of, messages_url, minutes_ago, send_at
from parts.tests.factories import make_part

pytestmark = pytest.mark.django_db


# --- GET /api/conversations -------------------------------------------------------------------
def test_list_shows_both_roles_newest_first_with_the_viewers_side(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    # The buyer also sells something to a third user, whose message is the newest.
    third = UserFactory.create(email="ucuncu.kisi@example.com", display_name="")
    selling = services.conversation_open(
        part=make_part(seller=buyer, title="Golf 4 Far"), buyer=third
    )
    send_at(conversation, seller, "Parça hâlâ satışta.", at=minutes_ago(10))
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=minutes_ago(10))
    send_at(selling, third, "Far takımı mı?")
    send_at(selling, third, "Fiyat son mu?")

    response = bearer_client(buyer).get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True
    first, second = body["data"]["conversations"]
    assert first["id"] == str(selling.pk)
    assert first["user_role"] == "seller"
    assert first["unread_count"] == 2
    assert first["other_user"] == {
        "id": str(third.pk),
        "email": "u****@example.com",
        "name": "u****@example.com",
    }
    assert first["part"]["title"] == "Golf 4 Far"
    assert second["id"] == str(conversation.pk)
    assert second["user_role"] == "buyer"
    assert second["unread_count"] == 1
    assert second["buyer_id"] == str(buyer.pk)
    assert second["seller_id"] == str(seller.pk)
    assert second["status"] == "active"
    assert second["other_user"]["email"].endswith("****@example.com")
    assert set(second["part"]) == {"id", "title", "part_reference", "condition", "price", "images"}
    assert second["part"]["price"] == 850.0
    assert body["data"]["pagination"] == {
        "total": 2,
        "limit": 20,
        "offset": 0,
        "has_more": False,
        "total_is_exact": True,
    }


def test_list_filters_by_status_and_pages(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    closed = services.conversation_open(part=make_part(seller=seller), buyer=buyer)
    services.conversation_close(conversation=closed, actor=seller)
    client = bearer_client(buyer)

    active = client.get(LIST, {"status": "active"}).json()["data"]
    assert [item["id"] for item in active["conversations"]] == [str(conversation.pk)]
    closed_only = client.get(LIST, {"status": "closed"}).json()["data"]
    assert [item["id"] for item in closed_only["conversations"]] == [str(closed.pk)]
    assert closed_only["conversations"][0]["status"] == "closed"

    page = client.get(LIST, {"limit": 1, "offset": 0}).json()["data"]
    assert len(page["conversations"]) == 1
    assert page["pagination"]["has_more"] is True
    last = client.get(LIST, {"limit": 1, "offset": 1}).json()["data"]
    assert last["pagination"]["has_more"] is False
    assert {page["conversations"][0]["id"], last["conversations"][0]["id"]} == {
        str(conversation.pk),
        str(closed.pk),
    }


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "silinmis"}, "status"),
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"limit": "yirmi"}, "limit"),
    ],
)
def test_list_refuses_bad_parameters_in_turkish(
    buyer: User, params: dict[str, str], field: str
) -> None:
    response = bearer_client(buyer).get(LIST, params)
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "VALIDATION_ERROR"
    assert error["message"] == "Geçersiz form verisi"
    assert field in error["details"]


def test_list_needs_login(api_client: Any) -> None:
    response = api_client.get(LIST)
    assert response.status_code == 401
    assert error_of(response)["message"] == "Giriş yapmanız gerekiyor"


def test_list_costs_the_same_queries_for_one_or_many_conversations(buyer: User) -> None:
    def queries() -> int:
        client = bearer_client(buyer)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    services.conversation_open(part=make_part(), buyer=buyer)
    one = queries()
    for _ in range(5):
        part = make_part()
        services.conversation_open(part=part, buyer=buyer)
        services.conversation_open(part=make_part(seller=buyer), buyer=UserFactory.create())
    assert queries() == one


def test_no_messages_into_a_closed_conversation(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    close = bearer_client(seller).post(action_url(conversation, "close"))
    assert close.status_code == 200
    assert close.json()["message"] == "Sohbet kapatıldı"
    state = close.json()["data"]["conversation"]
    assert (state["id"], state["status"]) == (str(conversation.pk), "closed")
    assert state["closed_at"]

    response = bearer_client(buyer).post(messages_url(conversation), {"content": "Hâlâ orada mı?"})
    assert response.status_code == 409
    assert error_of(response)["code"] == "CONVERSATION_CLOSED"
    assert error_of(response)["message"] == "Bu sohbet kapatıldı"
    # Closing twice is fine, and the history stays readable.
    assert bearer_client(buyer).post(action_url(conversation, "close")).status_code == 200
    assert bearer_client(buyer).get(messages_url(conversation)).status_code == 200


def test_block_stops_messages_both_ways(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    response = bearer_client(buyer).post(action_url(conversation, "block"))
    assert response.status_code == 200
    assert response.json()["message"] == "Kullanıcı engellendi"
    assert response.json()["data"] == {"blocked_user_id": str(seller.pk)}
    assert UserBlock.objects.filter(blocker=buyer, blocked=seller).count() == 1

    for sender in (buyer, seller):
        refused = bearer_client(sender).post(messages_url(conversation), {"content": "Merhaba"})
        assert refused.status_code == 403
        assert error_of(refused)["code"] == "USER_BLOCKED"
        assert error_of(refused)["message"] == "Bu kullanıcıyla mesajlaşamazsınız"
    # Blocking twice keeps one block.
    assert bearer_client(buyer).post(action_url(conversation, "block")).status_code == 200
    assert UserBlock.objects.count() == 1


def test_unblock_through_the_api_lets_messages_through_again(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    assert bearer_client(buyer).post(action_url(conversation, "block")).status_code == 200

    response = bearer_client(buyer).post(action_url(conversation, "unblock"))

    assert response.status_code == 200
    assert response.json()["message"] == "Engel kaldırıldı"
    assert response.json()["data"] == {"unblocked_user_id": str(seller.pk)}
    assert not UserBlock.objects.exists()
    sent = bearer_client(seller).post(messages_url(conversation), {"content": "Merhaba"})
    assert sent.status_code == 201


def test_unblock_lifts_only_my_own_block(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    assert bearer_client(seller).post(action_url(conversation, "block")).status_code == 200
    assert bearer_client(buyer).post(action_url(conversation, "unblock")).status_code == 200
    assert UserBlock.objects.filter(blocker=seller, blocked=buyer).exists()


# --- Strangers learn nothing -----------------------------------------------------------------
def _stranger_requests(conversation_id: str) -> list[tuple[str, str, dict[str, Any] | None]]:
    return [
        ("get", messages_url(conversation_id), None),
        ("post", messages_url(conversation_id), {"content": "Merhaba"}),
        ("post", action_url(conversation_id, "close"), None),
        ("post", action_url(conversation_id, "block"), None),
        ("post", action_url(conversation_id, "report"), {"reason": "spam"}),
    ]


@pytest.mark.parametrize("who", ["stranger", "staff"])
def test_non_participants_get_conversation_not_found_exactly_like_for_a_missing_one(
    conversation: Conversation, buyer: User, seller: User, who: str
) -> None:
    send_at(conversation, buyer, "Gizli mesaj")
    outsider = UserFactory.create(is_staff=who == "staff", is_superuser=who == "staff")
    client = bearer_client(outsider)
    for conversation_id in (str(conversation.pk), str(uuid.uuid4()), "bozuk-kimlik"):
        for method, url, body in _stranger_requests(conversation_id):
            response = getattr(client, method)(url, body)
            assert response.status_code == 404, url
            error = error_of(response)
            assert set(error) == {"code", "message", "timestamp", "request_id"}
            assert (error["code"], error["message"]) == (
                "CONVERSATION_NOT_FOUND",
                "Sohbet bulunamadı",
            )
    assert client.get(LIST).json()["data"]["conversations"] == []
    # Nothing changed for the participants.
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.ACTIVE
    assert (conversation.seller_unread_count, Message.objects.count()) == (1, 1)
    assert not UserBlock.objects.exists()
    assert not Report.objects.exists()


# --- Rate limit ------------------------------------------------------------------------------
def test_messaging_has_its_own_rate_limit_and_turkish_message(
    conversation: Conversation, buyer: User, settings: Settings
) -> None:
    settings.API_RATE_LIMITS = {**settings.API_RATE_LIMITS, "messaging": (2, 60)}
    client = bearer_client(buyer)
    assert client.post(messages_url(conversation), {"content": "Bir"}).status_code == 201
    second = client.get(LIST)
    assert second.status_code == 200
    assert second["X-RateLimit-Limit"] == "2"
    refused = client.post(messages_url(conversation), {"content": "Üç"})
    assert refused.status_code == 429
    error = error_of(refused)
    assert (error["code"], error["message"]) == ("RATE_LIMITED", "Mesaj gönderme limiti aşıldı")
    assert int(refused["Retry-After"]) >= 1
    assert Message.objects.count() == 1
