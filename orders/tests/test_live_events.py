"""Both participants' chat sockets hear `order.updated` when an order changes (after commit)."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator

from config.asgi import application
from marketplace.tests.factories import UserFactory
from marketplace.tokens import access_token_create
from orders.services import order_cancel_unpaid
from orders.tests.factories import make_order

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_cancelled_request_reaches_both_sockets_as_order_updated() -> None:
    layer = get_channel_layer()
    if hasattr(layer, "flush"):
        async_to_sync(layer.flush)()
    buyer, seller = UserFactory.create(), UserFactory.create()
    order = make_order(buyer=buyer, seller=seller)

    async def scenario() -> None:
        sockets = []
        for user in (buyer, seller):
            token = access_token_create(user=user)
            communicator = WebsocketCommunicator(
                application, f"/api/websocket/connect?token={token}"
            )
            accepted, _ = await communicator.connect()
            assert accepted
            assert (await communicator.receive_json_from(timeout=5))["type"] == "connected"
            await communicator.send_json_to(
                {
                    "type": "subscribe_conversation",
                    "data": {"conversation_id": str(order.conversation_id)},
                }
            )
            assert (await communicator.receive_json_from(timeout=5))["type"] == "subscribed"
            sockets.append(communicator)
        await database_sync_to_async(order_cancel_unpaid)(order_id=order.pk, actor=buyer)
        for communicator in sockets:
            event = await communicator.receive_json_from(timeout=5)
            assert event["type"] == "order.updated"
            assert event["data"]["order_id"] == str(order.pk)
            assert event["data"]["state"] == "cancelled"
            await communicator.disconnect()

    async_to_sync(scenario)()
