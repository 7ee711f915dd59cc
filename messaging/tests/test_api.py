"""The chat API through the real HTTP stack; responses are checked against the OpenAPI schema."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django.fixtures import Settings

from conftest import bearer_client
from marketplace.models import User
from marketplace.tests.factories import UserFactory
from marketplace.tests.openapi import openapi_schema
from messaging import services
from messaging.models import Conversation, ConversationStatus, Message, Report, UserBlock
from messaging.tests.conftest import minutes_ago, send_at
from parts.tests.factories import make_part

pytestmark = pytest.mark.django_db

LIST = "/api/conversations"


def messages_url(conversation: Conversation | str) -> str:
    key = conversation.pk if isinstance(conversation, Conversation) else conversation
    return f"/api/conversations/{key}/messages"


def action_url(conversation: Conversation | str, action: str) -> str:
    key = conversation.pk if isinstance(conversation, Conversation) else conversation
    return f"/api/conversations/{key}/{action}"


def error_of(response: Any) -> dict[str, Any]:
    body = response.json()
    assert body["success"] is False
    return dict(body["error"])


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


# --- GET /api/conversations/{id}/messages ----------------------------------------------------
def test_messages_come_oldest_first_and_reading_marks_them_read(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    mine = send_at(conversation, buyer, "Merhaba, parça duruyor mu?", at=minutes_ago(3))
    theirs = send_at(conversation, seller, "Evet, duruyor.", at=minutes_ago(2))

    response = bearer_client(buyer).get(messages_url(conversation))

    assert response.status_code == 200
    data = response.json()["data"]
    assert [message["id"] for message in data["messages"]] == [str(mine.pk), str(theirs.pk)]
    own, other = data["messages"]
    assert own["is_own_message"] is True
    assert "read_at" not in own  # the seller has not read it yet
    assert other["is_own_message"] is False
    assert other["sender_id"] == str(seller.pk)
    assert other["read_at"]  # marked read by this very request
    assert data["conversation"] == {
        "id": str(conversation.pk),
        "part_title": conversation.part.title,
        "other_user_email": data["conversation"]["other_user_email"],
        "status": "active",
        "user_role": "buyer",
        "seller_phone": None,
    }
    assert data["conversation"]["other_user_email"].endswith("****@example.com")
    assert data["pagination"]["has_more"] is False
    assert data["pagination"]["oldest_message_timestamp"] == own["created_at"]
    conversation.refresh_from_db()
    assert conversation.buyer_unread_count == 0
    assert conversation.seller_unread_count == 1


def test_mark_as_read_false_leaves_messages_unread(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    send_at(conversation, seller, "Kargo ücreti alıcıya ait.")
    response = bearer_client(buyer).get(messages_url(conversation), {"mark_as_read": "false"})
    assert "read_at" not in response.json()["data"]["messages"][0]
    conversation.refresh_from_db()
    assert conversation.buyer_unread_count == 1
    assert Message.objects.filter(read_at__isnull=True).count() == 1


def test_before_pages_backwards_and_after_returns_what_was_missed(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    sent = [
        send_at(
            conversation,
            seller if number % 2 else buyer,
            f"Mesaj {number}",
            at=minutes_ago(60 - number),
        )
        for number in range(7)
    ]
    client = bearer_client(buyer)

    latest = client.get(messages_url(conversation), {"limit": 3}).json()["data"]
    assert [m["content"] for m in latest["messages"]] == ["Mesaj 4", "Mesaj 5", "Mesaj 6"]
    assert latest["pagination"]["has_more"] is True

    older = client.get(
        messages_url(conversation),
        {"limit": 3, "before": latest["pagination"]["oldest_message_timestamp"]},
    ).json()["data"]
    assert [m["content"] for m in older["messages"]] == ["Mesaj 1", "Mesaj 2", "Mesaj 3"]
    assert older["pagination"]["has_more"] is True

    oldest = client.get(
        messages_url(conversation),
        {"limit": 3, "before": older["pagination"]["oldest_message_timestamp"]},
    ).json()["data"]
    assert [m["content"] for m in oldest["messages"]] == ["Mesaj 0"]
    assert oldest["pagination"]["has_more"] is False

    # A client that saw up to "Mesaj 4" reconnects; an unencoded "+00:00" offset works too.
    seen = sent[4].created_at.isoformat()
    missed = client.get(f"{messages_url(conversation)}?after={seen}").json()["data"]
    assert [m["content"] for m in missed["messages"]] == ["Mesaj 5", "Mesaj 6"]
    assert missed["pagination"]["has_more"] is False
    nothing_new = client.get(
        messages_url(conversation), {"after": timezone.now().isoformat()}
    ).json()["data"]
    assert nothing_new["messages"] == []
    assert "oldest_message_timestamp" not in nothing_new["pagination"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"before": "dün"}, "before"),
        ({"after": "2025-13-45T99:00:00"}, "after"),
        ({"mark_as_read": "belki"}, "mark_as_read"),
    ],
)
def test_messages_refuse_bad_parameters(
    conversation: Conversation, buyer: User, params: dict[str, str], field: str
) -> None:
    response = bearer_client(buyer).get(messages_url(conversation), params)
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "VALIDATION_ERROR"
    assert field in error["details"]


def test_messages_hidden_by_staff_are_not_shown(
    conversation: Conversation, buyer: User, seller: User, staff_user: User
) -> None:
    kept = send_at(conversation, seller, "Parça orijinal.")
    hidden = send_at(conversation, seller, "Kapora için TR33 0006 1005 1978 6457 8413 26")
    services.message_hide(message_ids=[hidden.pk], staff=staff_user)
    data = bearer_client(buyer).get(messages_url(conversation)).json()["data"]
    assert [message["id"] for message in data["messages"]] == [str(kept.pk)]


def test_the_buyer_sees_the_sellers_phone_only_after_it_was_shared(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    User.objects.filter(pk=seller.pk).update(phone="+905321234567")
    client = bearer_client(buyer)
    assert (
        client.get(messages_url(conversation)).json()["data"]["conversation"]["seller_phone"]
        is None
    )
    services.seller_phone_share(conversation=conversation, seller=seller)
    shared = client.get(messages_url(conversation)).json()["data"]["conversation"]
    assert shared["seller_phone"] == "+905321234567"
    seller_view = bearer_client(seller).get(messages_url(conversation)).json()["data"]
    assert seller_view["conversation"]["seller_phone"] is None


# --- POST /api/conversations/{id}/messages ---------------------------------------------------
def test_sending_stores_the_message_and_counts_it_unread_for_the_other_side(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    response = bearer_client(buyer).post(
        messages_url(conversation), {"content": "  Merhaba, son fiyat nedir?\nTeşekkürler  "}
    )

    assert response.status_code == 201
    body = response.json()
    assert body["message"] == "Mesaj gönderildi"
    message = body["data"]["message"]
    assert message["content"] == "Merhaba, son fiyat nedir?\nTeşekkürler"
    assert message["conversation_id"] == str(conversation.pk)
    assert message["sender_id"] == str(buyer.pk)
    assert Message.objects.get().content == message["content"]
    conversation.refresh_from_db()
    assert conversation.seller_unread_count == 1
    listed = bearer_client(seller).get(LIST).json()["data"]["conversations"][0]
    assert listed["unread_count"] == 1
    assert listed["last_message_at"] == message["created_at"]


def test_a_send_is_the_token_query_and_one_write(conversation: Conversation, buyer: User) -> None:
    """The participant, closed and block checks are part of the write (one statement on
    PostgreSQL; the UPDATE, a read of the row and the INSERT in a transaction elsewhere)."""
    client = bearer_client(buyer)
    assert client.post(messages_url(conversation), {"content": "İlk mesaj"}).status_code == 201
    with CaptureQueriesContext(connection) as captured:
        response = client.post(messages_url(conversation), {"content": "İkinci mesaj"})
    assert response.status_code == 201
    statements = [query["sql"] for query in captured.captured_queries]
    writes = [sql for sql in statements if not sql.startswith(("SELECT", "SAVEPOINT", "RELEASE"))]
    if connection.vendor == "postgresql":
        assert len(statements) == 2  # the token's user, then the write
        assert statements[1].startswith("WITH counted AS (UPDATE")
    else:
        assert [sql.split()[0] for sql in writes] == ["UPDATE", "INSERT"]


@pytest.mark.parametrize(
    ("body", "code", "message", "status"),
    [
        ({"content": ""}, "VALIDATION_ERROR", "Geçersiz form verisi", 400),
        ({"content": "   "}, "VALIDATION_ERROR", "Geçersiz form verisi", 400),
        ({}, "VALIDATION_ERROR", "Geçersiz form verisi", 400),
        ({"content": 42}, "VALIDATION_ERROR", "Geçersiz form verisi", 400),
        ({"content": "ş" * 2001}, "MESSAGE_TOO_LONG", "Mesaj çok uzun (max 2000 karakter)", 400),
    ],
)
def test_bad_messages_are_refused_with_the_contracts_message(
    conversation: Conversation,
    buyer: User,
    body: dict[str, Any],
    code: str,
    message: str,
    status: int,
) -> None:
    response = bearer_client(buyer).post(messages_url(conversation), body)
    assert response.status_code == status
    error = error_of(response)
    assert (error["code"], error["message"]) == (code, message)
    assert not Message.objects.exists()


def test_exactly_2000_characters_is_accepted(conversation: Conversation, buyer: User) -> None:
    response = bearer_client(buyer).post(messages_url(conversation), {"content": "ğ" * 2000})
    assert response.status_code == 201


def test_a_json_array_body_is_a_validation_error(conversation: Conversation, buyer: User) -> None:
    response = bearer_client(buyer).post(messages_url(conversation), ["Merhaba"], format="json")
    assert response.status_code == 400
    assert error_of(response)["code"] == "VALIDATION_ERROR"


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


def test_times_are_utc_iso_strings(conversation: Conversation, buyer: User) -> None:
    send_at(conversation, buyer, "Saat kaç?", at=timezone.now() - timedelta(hours=1))
    data = bearer_client(buyer).get(messages_url(conversation)).json()["data"]
    assert data["messages"][0]["created_at"].endswith("Z")


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


def test_recipient_gets_the_scam_warning_in_the_api_and_the_sender_does_not(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    send_at(conversation, seller, "Kapora için IBAN: TR33 0006 1005 1978 6457 8413 26")
    send_at(conversation, seller, "Parça sağlam.")

    received = bearer_client(buyer).get(messages_url(conversation)).json()["data"]["messages"]
    written = bearer_client(seller).get(messages_url(conversation)).json()["data"]["messages"]

    warning = received[0]["warning"]
    assert warning["reasons"] == ["iban", "payment"]
    assert warning["message"].startswith("Bu mesajda bir IBAN var")
    assert "Kapora ya da ön ödeme göndermeyin" in warning["message"]
    assert received[1]["warning"] is None
    assert [message["warning"] for message in written] == [None, None]


def test_the_message_schema_documents_the_warning() -> None:
    message = openapi_schema()["components"]["schemas"]["MessageForViewer"]
    assert "warning" in message["required"]
    warning = message["properties"]["warning"]
    assert warning.get("nullable") is True or {"type": "null"} in warning.get("oneOf", [])


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
