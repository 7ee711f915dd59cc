"""The orders API's shapes: small input serializers per action and one order output."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext
from rest_framework import serializers

from marketplace.api.fields import (
    BodySerializer,
    PagingQuerySerializer,
    PhoneNumberField,
    QueryChoiceField,
    ServiceRuleCharField,
    StrictCharField,
    TurkishCityField,
)
from marketplace.models import User
from marketplace.money import parse_try
from marketplace.timestamps import api_datetime
from orders.models import MAX_ORDER_AMOUNT, Order, OrderState, OrderTransition
from orders.selectors import ROLES, order_allowed_actions, order_shipment

ACTIONS = (
    "checkout",
    "cancel",
    "ship",
    "confirm",
    "return",
    "return_accept",
    "return_refuse",
    "return_received",
)


class AmountField(serializers.DecimalField):
    """TRY: a JSON number, or text typed the Turkish way ("1.250,50") or plainly ("1250.50")."""

    def to_internal_value(self, data: Any) -> Decimal:
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, str):
            try:
                data = parse_try(data)
            except ValueError:
                self.fail("invalid")
        elif isinstance(data, float):
            data = str(data)  # 450.1 stays 450.10
        return super().to_internal_value(data)


def _money(*, minimum: str = "0.00", **kwargs: Any) -> serializers.DecimalField:
    return AmountField(
        max_digits=8,
        decimal_places=2,
        coerce_to_string=False,
        min_value=Decimal(minimum),
        max_value=MAX_ORDER_AMOUNT,
        **kwargs,
    )


class OrderRequestSerializer(BodySerializer):
    """`POST /api/conversations/{id}/orders` (the seller's payment request)."""

    price = _money(
        minimum="0.01", required=False, help_text="TRY; the listing's price when left out"
    )
    shipping_fee = _money(required=False, default=Decimal("0.00"), help_text="TRY")
    note = serializers.CharField(required=False, default="", allow_blank=True, max_length=500)


class OrderListQuerySerializer(PagingQuerySerializer):
    role = QueryChoiceField(
        choices=ROLES, required=False, help_text="buyer or seller; both if left out"
    )


class OrderShipSerializer(BodySerializer):
    carrier = ServiceRuleCharField(help_text="yurtici, aras, mng, ptt, surat or ups")
    tracking_number = ServiceRuleCharField()


class OrderCheckoutSerializer(BodySerializer):
    """`POST /api/orders/{id}/checkout`: where the part goes (the seller ships there)."""

    name = StrictCharField(max_length=100, help_text="Recipient's name and surname")
    phone = PhoneNumberField(mobile_only=True, help_text="Recipient's mobile number")
    address = StrictCharField(max_length=300)
    city = TurkishCityField()

    def validate_name(self, value: str) -> str:
        name = " ".join(value.split())
        if len(name.split()) < 2:
            raise serializers.ValidationError(gettext("Enter the recipient's name and surname."))
        return name


class OrderCheckoutStartedSerializer(serializers.Serializer[Any]):
    payment_page_url = serializers.URLField()
    token = serializers.CharField()


class OrderHistorySerializer(serializers.Serializer[Any]):
    from_state = serializers.ChoiceField(choices=OrderState.choices)
    to_state = serializers.ChoiceField(choices=OrderState.choices)
    actor_role = serializers.CharField()
    at = serializers.DateTimeField()


class OrderPartSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    title = serializers.CharField()


class OrderSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    conversation_id = serializers.UUIDField()
    part = OrderPartSerializer()
    state = serializers.ChoiceField(choices=OrderState.choices)
    state_label = serializers.CharField()
    user_role = serializers.ChoiceField(choices=ROLES)
    price = _money()
    shipping_fee = _money()
    total = _money()
    commission = _money(allow_null=True, help_text="Seller only")
    seller_amount = _money(allow_null=True, help_text="Seller only: what reaches the seller")
    note = serializers.CharField(allow_blank=True)
    carrier = serializers.CharField(allow_blank=True)
    carrier_name = serializers.CharField(allow_blank=True)
    tracking_number = serializers.CharField(allow_blank=True)
    tracking_url = serializers.CharField(allow_blank=True)
    ship_by = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    paid_at = serializers.DateTimeField(allow_null=True)
    shipped_at = serializers.DateTimeField(allow_null=True)
    delivered_at = serializers.DateTimeField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    return_reason = serializers.CharField(allow_blank=True)
    return_description = serializers.CharField(allow_blank=True)
    return_photos = serializers.ListField(child=serializers.URLField())
    allowed_actions = serializers.ListField(child=serializers.ChoiceField(choices=ACTIONS))
    history = OrderHistorySerializer(many=True, required=False)


class OrderDataSerializer(serializers.Serializer[Any]):
    order = OrderSerializer()


class OrderListSerializer(serializers.Serializer[Any]):
    orders = OrderSerializer(many=True)
    pagination = serializers.DictField()


def _when(value: Any) -> str | None:
    return api_datetime(value) if value is not None else None


def order_data(
    order: Order, *, viewer: User, history: list[OrderTransition] | None = None
) -> dict[str, Any]:
    is_seller = viewer.pk == order.seller_id
    shipment = order_shipment(order=order)
    data: dict[str, Any] = {
        "id": str(order.pk),
        "conversation_id": str(order.conversation_id),
        "part": {"id": str(order.part_id), "title": order.part.title},
        "state": order.state,
        "state_label": str(OrderState(order.state).label),
        "user_role": "seller" if is_seller else "buyer",
        "price": order.price,
        "shipping_fee": order.shipping_fee,
        "total": order.total,
        "commission": order.commission if is_seller else None,
        "seller_amount": order.seller_amount if is_seller else None,
        "note": order.note,
        "carrier": order.carrier,
        "carrier_name": shipment.carrier_name,
        "tracking_number": order.tracking_number,
        "tracking_url": shipment.tracking_url,
        "ship_by": _when(order.ship_by),
        "created_at": api_datetime(order.created_at),
        "paid_at": _when(order.paid_at),
        "shipped_at": _when(order.shipped_at),
        "delivered_at": _when(order.delivered_at),
        "completed_at": _when(order.completed_at),
        "return_reason": order.return_reason,
        "return_description": order.return_description,
        "return_photos": [photo.image.url for photo in order.return_photos.all()],
        "allowed_actions": order_allowed_actions(order=order, viewer=viewer),
    }
    if history is not None:
        data["history"] = [
            {
                "from_state": row.from_state,
                "to_state": row.to_state,
                "actor_role": row.actor_role,
                "at": api_datetime(row.created_at),
            }
            for row in history
        ]
    return data
