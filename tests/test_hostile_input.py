"""Hostile input (issue 17, item 8) is a 4xx with a Turkish message, never a 500.

NUL characters, timestamps outside what the databases hold, bodies over the upload limit and JSON
nested past Python's stack, through the API (schema-validated) and the pages. PostgreSQL cannot
store a NUL (psycopg refuses the query) while SQLite can: both refuse it the same way.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from marketplace.models import User
from messaging import services as messaging_services
from messaging.models import Conversation, Message, Report
from parts.models import Part
from parts.tests.factories import DEFAULT_PART, make_part

pytestmark = pytest.mark.django_db

NUL_MESSAGE = "Bu metinde izin verilmeyen karakterler var."
INVALID = "Geçersiz form verisi"
TIMESTAMP_MESSAGE = "Tarih ve saati ISO 8601 biçiminde girin (2025-08-06T10:30:00Z)."
THREE_MEGABYTES = 3 * 1024 * 1024


def assert_validation_error(response: Any, details: dict[str, list[str]]) -> None:
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert (error["code"], error["message"]) == ("VALIDATION_ERROR", INVALID)
    assert error["details"] == details


@pytest.fixture
def web(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def conversation(user: User, other_user: User) -> Conversation:
    return messaging_services.conversation_open(part=make_part(seller=other_user), buyer=user)


@pytest.fixture
def message_from_seller(conversation: Conversation, other_user: User) -> Message:
    return messaging_services.message_send(
        conversation_id=conversation.pk, sender=other_user, content="Parça hâlâ satılık"
    )


# --- NUL characters ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["search", "model", "part_reference", "brand", "location_city"])
def test_nul_byte_in_search_filter_is_a_validation_error(api_client, name: str) -> None:
    response = api_client.get("/api/parts", {name: "E4\x006"})
    assert_validation_error(response, {name: [NUL_MESSAGE]})


def test_nul_byte_in_search_filter_is_a_form_error_on_the_search_page(client: Client) -> None:
    response = client.get(
        "/parcalar/", {"search": "alt\x00", "model": "E4\x006", "part_reference": "A203\x00"}
    )
    assert response.status_code == 400
    assert response.content.decode().count(NUL_MESSAGE) == 3


def test_nul_byte_in_listing_fields_is_a_validation_error_on_create(user_api_client) -> None:
    body = {**DEFAULT_PART, "title": "Alternatör\x00", "model": "E\x0046", "description": "\x00"}
    response = user_api_client.post("/api/parts", body, format="json")
    assert_validation_error(
        response,
        {"title": [NUL_MESSAGE], "model": [NUL_MESSAGE], "description": [NUL_MESSAGE]},
    )
    assert not Part.objects.exists()


@pytest.mark.parametrize("name", ["title", "description", "model", "part_reference"])
def test_nul_byte_in_a_listing_field_is_a_validation_error_on_update(
    user_api_client, user: User, name: str
) -> None:
    part = make_part(seller=user)
    response = user_api_client.put(f"/api/parts/{part.id}", {name: "Yeni\x00 değer"}, format="json")
    assert_validation_error(response, {name: [NUL_MESSAGE]})
    part.refresh_from_db()
    assert getattr(part, name) == DEFAULT_PART[name]


def test_nul_byte_in_a_form_encoded_api_body_is_a_validation_error(user_api_client) -> None:
    body = {**DEFAULT_PART, "title": "Alternatör\x00 Bosch"}
    response = user_api_client.post("/api/parts", body, format="multipart")
    assert_validation_error(response, {"title": [NUL_MESSAGE]})
    assert not Part.objects.exists()


def test_nul_byte_anywhere_in_a_json_body_is_a_validation_error_naming_the_field(
    api_client,
) -> None:
    """The rule holds for every JSON endpoint, whether its view uses a serializer or not."""
    response = api_client.post(
        "/api/auth/login",
        {"email": "ali@example.com", "password": ["Parola\x0012345"]},
        format="json",
    )
    assert_validation_error(response, {"password": [NUL_MESSAGE]})


def test_nul_byte_in_the_listing_form_is_a_form_error_keeping_what_was_typed(web: Client) -> None:
    form = {**DEFAULT_PART, "title": "Bosch alternatör\x00", "description": "Temiz\x00"}
    response = web.post("/ilan-ver/", form)
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count(NUL_MESSAGE) == 2
    assert "Bosch alternatör" in page
    assert not Part.objects.exists()


def test_nul_byte_in_the_listing_edit_form_is_a_form_error(web: Client, user: User) -> None:
    part = make_part(seller=user)
    response = web.post(f"/parca/{part.slug}/duzenle/", {**DEFAULT_PART, "model": "E\x0046"})
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()
    part.refresh_from_db()
    assert part.model == DEFAULT_PART["model"]


def test_nul_byte_in_a_report_note_is_a_validation_error(
    user_api_client, conversation: Conversation, message_from_seller: Message
) -> None:
    response = user_api_client.post(
        f"/api/conversations/{conversation.pk}/report",
        {"reason": "spam", "note": "Dolandırıcı\x00", "message_id": str(message_from_seller.pk)},
        format="json",
    )
    assert_validation_error(response, {"note": [NUL_MESSAGE]})
    assert not Report.objects.exists()


def test_nul_byte_in_a_report_note_on_the_page_is_a_turkish_error(
    web: Client, conversation: Conversation, message_from_seller: Message
) -> None:
    response = web.post(
        f"/mesajlar/{conversation.pk}/sikayet/",
        {"reason": "spam", "note": "Dolandırıcı\x00", "message_id": str(message_from_seller.pk)},
        follow=True,
    )
    assert response.status_code == 200
    assert NUL_MESSAGE in response.content.decode()
    assert not Report.objects.exists()


def test_nul_byte_in_the_profile_name_is_a_validation_error(user_api_client, user: User) -> None:
    before = user.display_name
    response = user_api_client.patch("/api/me", {"display_name": "Ali\x00 Veli"}, format="json")
    assert_validation_error(response, {"display_name": [NUL_MESSAGE]})
    user.refresh_from_db()
    assert user.display_name == before


def test_nul_byte_in_the_profile_name_on_the_page_is_a_form_error(web: Client, user: User) -> None:
    before = user.display_name
    response = web.post("/hesabim/", {"display_name": "Ali\x00 Veli", "city": "İstanbul"})
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()
    user.refresh_from_db()
    assert user.display_name == before


# --- Timestamps outside what the databases hold ------------------------------------------------
@pytest.mark.parametrize(
    "value",
    [
        "99999-01-01T00:00:00Z",
        "99999999999999999999",
        "2025-13-45T10:00:00Z",
        "2025-08-06T10:30:00+99:00",
    ],
)
@pytest.mark.parametrize("name", ["before", "after"])
def test_unreadable_message_timestamp_is_a_validation_error(
    user_api_client, conversation: Conversation, name: str, value: str
) -> None:
    response = user_api_client.get(f"/api/conversations/{conversation.pk}/messages", {name: value})
    assert_validation_error(response, {name: [TIMESTAMP_MESSAGE]})


@pytest.mark.parametrize("name", ["before", "after", "limit", "mark_as_read"])
def test_nul_byte_in_a_message_query_parameter_is_a_validation_error(
    user_api_client, conversation: Conversation, name: str
) -> None:
    response = user_api_client.get(
        f"/api/conversations/{conversation.pk}/messages", {name: "2025-08-06T10:\x0030:00Z"}
    )
    assert_validation_error(response, {name: [NUL_MESSAGE]})


@pytest.mark.parametrize(
    "value",
    [
        # Past year 9999 in UTC, before year 1 in UTC.
        "9999-12-31T23:59:59-23:59",
        "0001-01-01T00:00:00+23:59",
    ],
)
@pytest.mark.parametrize("name", ["before", "after"])
def test_message_timestamp_beyond_what_the_calendar_holds_is_a_validation_error(
    user_api_client, conversation: Conversation, name: str, value: str
) -> None:
    response = user_api_client.get(f"/api/conversations/{conversation.pk}/messages", {name: value})
    assert_validation_error(response, {name: [TIMESTAMP_MESSAGE]})


@pytest.mark.parametrize("name", ["before", "after"])
def test_message_timestamp_with_an_offset_postgresql_refuses_is_read_in_utc(
    user_api_client, conversation: Conversation, message_from_seller: Message, name: str
) -> None:
    """PostgreSQL takes offsets up to ±15:59 only; -23:59 is a valid ISO 8601 offset."""
    response = user_api_client.get(
        f"/api/conversations/{conversation.pk}/messages", {name: "0001-01-01T00:00:00-23:59"}
    )
    assert response.status_code == 200
    contents = [message["content"] for message in response.json()["data"]["messages"]]
    assert contents == ([] if name == "before" else [message_from_seller.content])


@pytest.mark.parametrize(
    "value", ["99999-01-01T00:00:00Z", "9999-12-31T23:59:59-23:59", "1e308", "2025-08-06\x00"]
)
def test_out_of_range_before_on_the_conversation_page_is_ignored(
    web: Client, conversation: Conversation, message_from_seller: Message, value: str
) -> None:
    response = web.get(f"/mesajlar/{conversation.pk}/", {"before": value})
    assert response.status_code == 200
    assert message_from_seller.content in response.content.decode()


def test_before_with_an_offset_postgresql_refuses_on_the_conversation_page_is_read_in_utc(
    web: Client, conversation: Conversation, message_from_seller: Message
) -> None:
    response = web.get(f"/mesajlar/{conversation.pk}/", {"before": "0001-01-01T00:00:00-23:59"})
    assert response.status_code == 200
    assert message_from_seller.content not in response.content.decode()  # nothing that old


# --- Bodies too big or nested too deeply ---------------------------------------------------------
@pytest.mark.parametrize("path", ["/api/auth/login", "/api/parts"])
def test_json_body_over_the_upload_limit_is_payload_too_large(user_api_client, path: str) -> None:
    body = b'{"title": "' + b"x" * THREE_MEGABYTES + b'"}'
    response = user_api_client.post(path, body, content_type="application/json")
    assert response.status_code == 413
    error = response.json()["error"]
    assert (error["code"], error["message"]) == ("PAYLOAD_TOO_LARGE", "İstek gövdesi çok büyük.")
    assert not Part.objects.exists()


@pytest.mark.parametrize(
    "body",
    [b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 100_000 + b"1" + b"}" * 100_000],
    ids=["arrays", "objects"],
)
@pytest.mark.parametrize("path", ["/api/auth/login", "/api/parts"])
def test_deeply_nested_json_body_is_a_validation_error(
    user_api_client, path: str, body: bytes
) -> None:
    response = user_api_client.post(path, body, content_type="application/json")
    assert_validation_error(response, {"body": ["İstek gövdesi geçerli bir JSON değil."]})


def test_nested_json_the_decoder_accepts_is_still_checked_for_nul(api_client) -> None:
    """The NUL check walks the body without recursion, so it cannot be the one to overflow."""
    body = b'{"email": ' + b"[" * 400 + b'"\\u0000"' + b"]" * 400 + b"}"
    response = api_client.post("/api/auth/login", body, content_type="application/json")
    assert_validation_error(response, {"email": [NUL_MESSAGE]})


def test_ordinary_turkish_text_passes_the_same_parsers(user_api_client) -> None:
    body = {**DEFAULT_PART, "title": "Şanzıman İÇİN ğüşiöç", "description": "Satır 1\nSatır 2\t"}
    response = user_api_client.post("/api/parts", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["data"]["part"]["title"] == body["title"]
