"""Who may move an order how: the id check and the transition test the services and the
selectors share."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django_fsm import can_proceed, has_transition_perm

from marketplace.errors import id_parse
from marketplace.models import User
from orders.error_codes import OrderErrorCode
from orders.models import Actor, Order


def order_pk_parse(order_id: uuid.UUID | str) -> uuid.UUID:
    """The id as a UUID; ORDER_NOT_FOUND for anything that cannot be one."""
    return id_parse(order_id, not_found=OrderErrorCode.ORDER_NOT_FOUND)


def actor_role(*, order: Order, actor: User | None) -> Actor:
    if actor is None:
        return Actor.SYSTEM
    if actor.pk == order.buyer_id:
        return Actor.BUYER
    if actor.pk == order.seller_id:
        return Actor.SELLER
    return Actor.STAFF


def order_action_allowed(*, order: Order, action: Callable[[], Any], actor: User | None) -> bool:
    return bool(can_proceed(action) and has_transition_perm(action, actor))  # type: ignore[arg-type]
