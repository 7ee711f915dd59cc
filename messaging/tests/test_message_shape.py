"""A message is serialised once: the API, the WebSocket and the new-message notice carry the shape
of messaging.serializers.message_data, which the OpenAPI schema documents exactly."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from openapi_schema_validator import OAS30Validator

from conftest import bearer_client
from integrations.models import Notification
from marketplace.models import User
from marketplace.tests.openapi import openapi_schema
from marketplace.timestamps import api_datetime
from messaging import services
from messaging.models import Conversation, Message
from messaging.serializers import message_data, message_data_for_viewer
from messaging.tests.conftest import send_at

pytestmark = pytest.mark.django_db


def assert_is_exactly(component_name: str, data: dict[str, Any]) -> None:
    """Valid against the schema component, with no key the component does not document and every
    documented key that is not optional."""
    component = openapi_schema()["components"]["schemas"][component_name]
    OAS30Validator(component).validate(data)
    assert set(data) <= set(component["properties"])
    assert set(component["required"]) <= set(data)


def test_message_data_is_exactly_the_message_component(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    message = send_at(conversation, buyer, "Parça duruyor mu?")
    unread = message_data(message)
    assert_is_exactly("Message", unread)
    assert "read_at" not in unread

    services.conversation_mark_read(conversation=conversation, reader=seller)
    read = message_data(Message.objects.get(pk=message.pk))
    assert_is_exactly("Message", read)
    # Every documented field is there once the message is read: the component is the shape.
    assert set(read) == set(openapi_schema()["components"]["schemas"]["Message"]["properties"])


def test_message_data_for_viewer_is_exactly_its_component(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    message = send_at(conversation, seller, "Kapora için IBAN: TR33 0006 1005 1978 6457 8413 26")
    for viewer in (buyer, seller):
        data = message_data_for_viewer(message, viewer_id=viewer.pk)
        assert_is_exactly("MessageForViewer", data)
        assert {key: data[key] for key in message_data(message)} == message_data(message)
    assert message_data_for_viewer(message, viewer_id=buyer.pk)["warning"] is not None
    assert message_data_for_viewer(message, viewer_id=seller.pk)["warning"] is None


def test_the_api_and_the_notice_carry_the_same_message_with_one_time_format(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    sent = bearer_client(buyer).post(
        f"/api/conversations/{conversation.pk}/messages", {"content": "Kargo var mı?"}
    )
    assert sent.status_code == 201
    posted = sent.json()["data"]["message"]
    message = Message.objects.get()
    assert posted == message_data(message)
    assert posted["created_at"] == api_datetime(message.created_at)
    assert posted["created_at"].endswith("Z")

    listed = bearer_client(seller).get(
        f"/api/conversations/{conversation.pk}/messages", {"mark_as_read": "false"}
    )
    [item] = listed.json()["data"]["messages"]
    assert item == {**posted, "is_own_message": False, "warning": None}

    notice = Notification.objects.get(user=seller, event="new_message")
    assert notice.context["message"] == posted

    services.conversation_mark_read(conversation=conversation, reader=seller)
    [read] = (
        bearer_client(buyer)
        .get(f"/api/conversations/{conversation.pk}/messages")
        .json()["data"]["messages"]
    )
    message.refresh_from_db()
    assert message.read_at is not None
    assert read["read_at"] == api_datetime(message.read_at)
    assert read["read_at"].endswith("Z")
    assert message.read_at <= timezone.now()
