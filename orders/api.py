"""DRF endpoints of orders (Güvenli Ödeme). Only the buyer and the seller of an order see it;
anyone else, staff included, gets ORDER_NOT_FOUND (staff work from the admin)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.fields import input_validated
from marketplace.api.parsers import JSONParser, MultiPartParser
from marketplace.api.responses import api_success, pagination_data
from marketplace.api.schema import envelope
from marketplace.client_ip import client_ip
from marketplace.models import User
from messaging.services import conversation_get_for_participant
from orders import services
from orders.models import Order, ReturnReason
from orders.selectors import order_get_for_participant, order_history, order_list_for_user
from orders.serializers import (
    OrderCheckoutSerializer,
    OrderCheckoutStartedSerializer,
    OrderDataSerializer,
    OrderListQuerySerializer,
    OrderListSerializer,
    OrderRequestSerializer,
    OrderShipSerializer,
    order_data,
)

ORDER_ENVELOPE = envelope(OrderDataSerializer(), name="OrderEnvelope")


def _user(request: Request) -> User:
    return request.user  # type: ignore[return-value]


def _ip(request: Request) -> str:
    return client_ip(request) or "127.0.0.1"


def _order_answer(
    order: Order, *, viewer: User, message: Any = None, status: int = 200
) -> Response:
    """The order as its participant sees it now, with its history."""
    order = order_get_for_participant(order_id=order.pk, user=viewer)
    return api_success(
        {"order": order_data(order, viewer=viewer, history=order_history(order=order))},
        message=message,
        status=status,
    )


class OrderView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    throttle_category = "orders"
    api_error_statuses: tuple[int, ...] = (400, 404, 409)


class ConversationOrderCreateView(OrderView):
    @extend_schema(
        operation_id="orders_request",
        summary="The seller asks the buyer of this conversation to pay through Güvenli Ödeme",
        request=OrderRequestSerializer,
        responses={201: ORDER_ENVELOPE},
    )
    def post(self, request: Request, conversation_id: str) -> Response:
        # Strangers learn nothing (CONVERSATION_NOT_FOUND) before their body is looked at.
        conversation_get_for_participant(conversation_id=conversation_id, user=_user(request))
        data = input_validated(OrderRequestSerializer, request.data)
        order = services.order_request(
            conversation_id=conversation_id,
            seller=_user(request),
            price=data.get("price"),
            shipping_fee=data["shipping_fee"],
            note=data["note"],
        )
        return _order_answer(
            order, viewer=_user(request), message=_("Payment request sent"), status=201
        )


class OrderListView(OrderView):
    api_error_statuses = (400,)

    @extend_schema(
        operation_id="orders_list",
        summary="The user's orders as buyer, as seller or both, newest first",
        parameters=[OrderListQuerySerializer],
        responses={200: envelope(OrderListSerializer(), name="OrderListEnvelope")},
    )
    def get(self, request: Request) -> Response:
        query = input_validated(OrderListQuerySerializer, request.query_params)
        page = order_list_for_user(
            user=_user(request),
            role=query.get("role"),
            limit=query["limit"],
            offset=query["offset"],
        )
        return api_success(
            {
                "orders": [order_data(order, viewer=_user(request)) for order in page.orders],
                "pagination": pagination_data(
                    total=page.total, limit=page.limit, offset=page.offset, count=len(page.orders)
                ),
            }
        )


class OrderDetailView(OrderView):
    api_error_statuses = (404,)

    @extend_schema(
        operation_id="orders_detail",
        summary="One order: state, history and what the viewer may do next",
        responses={200: ORDER_ENVELOPE},
    )
    def get(self, request: Request, order_id: str) -> Response:
        order = order_get_for_participant(order_id=order_id, user=_user(request))
        return _order_answer(order, viewer=_user(request))


class OrderShipView(OrderView):
    @extend_schema(
        operation_id="orders_ship",
        summary="The seller records the carrier and tracking number",
        request=OrderShipSerializer,
        responses={200: ORDER_ENVELOPE},
    )
    def post(self, request: Request, order_id: str) -> Response:
        order_get_for_participant(order_id=order_id, user=_user(request))  # strangers: 404 first
        data = input_validated(OrderShipSerializer, request.data)
        order = services.order_ship(
            order_id=order_id,
            seller=_user(request),
            carrier=data.get("carrier", ""),
            tracking_number=data.get("tracking_number", ""),
        )
        return _order_answer(order, viewer=_user(request), message=_("Shipment recorded"))


class OrderCancelView(OrderView):
    @extend_schema(
        operation_id="orders_cancel",
        summary="Withdraw an unpaid request, or (before shipping) cancel and refund a paid one",
        request=None,
        responses={200: ORDER_ENVELOPE},
    )
    def post(self, request: Request, order_id: str) -> Response:
        order = services.order_cancel(order_id=order_id, actor=_user(request), ip=_ip(request))
        return _order_answer(order, viewer=_user(request), message=_("Order cancelled"))


class OrderCheckoutView(OrderView):
    api_error_statuses = (400, 402, 404, 409, 503)

    @extend_schema(
        operation_id="orders_checkout",
        summary="The buyer starts paying: iyzico's payment page for the order's total",
        request=OrderCheckoutSerializer,
        responses={
            200: envelope(OrderCheckoutStartedSerializer(), name="OrderCheckoutStartedEnvelope")
        },
    )
    def post(self, request: Request, order_id: str) -> Response:
        order_get_for_participant(order_id=order_id, user=_user(request))  # strangers: 404 first
        data = input_validated(OrderCheckoutSerializer, request.data)
        session = services.order_checkout(
            order_id=order_id,
            buyer=_user(request),
            delivery=services.Delivery(
                name=data["name"], phone=data["phone"], address=data["address"], city=data["city"]
            ),
            ip=_ip(request),
        )
        return api_success({"payment_page_url": session.payment_page_url, "token": session.token})


class OrderConfirmView(OrderView):
    api_error_statuses = (404, 409, 503)

    @extend_schema(
        operation_id="orders_confirm",
        summary="The buyer received the part: the seller's money is released",
        request=None,
        responses={200: ORDER_ENVELOPE},
    )
    def post(self, request: Request, order_id: str) -> Response:
        order = services.order_confirm(order_id=order_id, buyer=_user(request))
        return _order_answer(order, viewer=_user(request), message=_("Order completed"))


RETURN_REQUEST_SCHEMA = {
    "type": "object",
    "properties": {
        "reason": {"type": "string", "enum": list(ReturnReason.values)},
        "description": {"type": "string", "maxLength": 1000},
        "photos": {
            "type": "array",
            "items": {"type": "string", "format": "binary"},
            "description": "Up to 5 photos (multipart only), each up to 15 MB",
        },
    },
    "required": ["reason"],
}


class OrderReturnView(OrderView):
    parser_classes = [MultiPartParser, JSONParser]

    @extend_schema(
        operation_id="orders_return",
        summary="The buyer asks to return the part (within the return window after delivery)",
        # Photos need multipart; a JSON body without photos is read too (not documented: one
        # content type per operation keeps generated clients simple).
        request={"multipart/form-data": RETURN_REQUEST_SCHEMA},
        responses={200: ORDER_ENVELOPE},
    )
    def post(self, request: Request, order_id: str) -> Response:
        order_get_for_participant(order_id=order_id, user=_user(request))  # strangers: 404 first
        body = request.data if hasattr(request.data, "get") else {}
        reason = body.get("reason", "")
        description = body.get("description", "")
        order = services.order_return_request(
            order_id=order_id,
            buyer=_user(request),
            reason=reason if isinstance(reason, str) else "",
            description=description if isinstance(description, str) else "",
            photos=[photo.read() for photo in request.FILES.getlist("photos")],
        )
        return _order_answer(order, viewer=_user(request), message=_("Return requested"))


class OrderReturnAnswerView(OrderView):
    """`/return/accept`, `/return/refuse` and `/return/received` (the seller)."""

    answer = ""

    @extend_schema(request=None, responses={200: ORDER_ENVELOPE})
    def post(self, request: Request, order_id: str) -> Response:
        seller = _user(request)
        if self.answer == "accept":
            order = services.order_return_accept(order_id=order_id, seller=seller)
        elif self.answer == "refuse":
            note = request.data.get("note", "") if isinstance(request.data, dict) else ""
            order = services.order_return_refuse(
                order_id=order_id, seller=seller, note=note if isinstance(note, str) else ""
            )
        else:
            order = services.order_return_received(
                order_id=order_id, seller=seller, ip=_ip(request)
            )
        return _order_answer(order, viewer=seller)
