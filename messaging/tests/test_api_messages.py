"""The chat API's messages through the real HTTP stack (responses checked against the OpenAPI
schema): reading and paging them, sending, the scam warning, the message's schema."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import bearer_client
from marketplace.models import User
from marketplace.tests.openapi import openapi_schema
from messaging import services
from messaging.models import Conversation, Message
from messaging.tests.conftest import LIST, error_of, messages_url, minutes_ago, send_at

pytestmark = pytest.mark.django_db


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


def test_times_are_utc_iso_strings(conversation: Conversation, buyer: User) -> None:
    send_at(conversation, buyer, "Saat kaç?", at=timezone.now() - timedelta(hours=1))
    data = bearer_client(buyer).get(messages_url(conversation)).json()["data"]
    assert data["messages"][0]["created_at"].endswith("Z")


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
