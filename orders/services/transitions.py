"""Moving an order from one state to the next: one locked, recorded, notified step.

Every service that changes an order's state goes through `order_transition_apply()`: the row is
locked (`select_for_update`), the transition must be legal from the current state and allowed to
the actor (the `permission` of each transition in `orders/models.py`), an `OrderTransition` row
records who and when, the other party is notified through the outbox in the same transaction, and
both participants' chat sockets hear `order.updated` after commit.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from integrations.services import NotificationEvent, notification_enqueue
from marketplace.errors import DomainError
from marketplace.models import User
from messaging.selectors import conversation_path
from messaging.services import conversation_event_send
from orders.error_codes import OrderErrorCode
from orders.models import Actor, Order, OrderState, OrderTransition
from orders.notices import order_update_summary
from orders.rules import actor_role, order_action_allowed, order_pk_parse


def order_locked(
    *, order_id: uuid.UUID | str, user: User | None, staff_allowed: bool = False
) -> Order:
    """The order, locked for this transaction. A user must be its buyer or seller (or staff,
    where `staff_allowed`: the admin's actions); anyone else gets ORDER_NOT_FOUND, whether it
    exists or not. `user=None` is the platform itself."""
    order = (
        Order.objects.select_for_update(of=("self",))
        .select_related("part", "buyer", "seller", "conversation")
        .filter(pk=order_pk_parse(order_id))
        .first()
    )
    if order is None:
        raise DomainError(OrderErrorCode.ORDER_NOT_FOUND)
    participant = user is None or user.pk in (order.buyer_id, order.seller_id)
    if not participant and not (staff_allowed and user is not None and user.is_staff):
        raise DomainError(OrderErrorCode.ORDER_NOT_FOUND)
    return order


def order_transition_apply(
    *,
    order: Order,
    action: str,
    actor: User | None,
    note: str = "",
    changes: dict[str, Any] | None = None,
) -> Order:
    """Runs `order.<action>()` on a locked order, saves it with `changes`, records and notifies.

    Call inside `transaction.atomic()` with the order from `order_locked()`.
    """
    method = getattr(order, action)
    if not order_action_allowed(order=order, action=method, actor=actor):
        raise DomainError(OrderErrorCode.ORDER_ACTION_NOT_ALLOWED)
    previous = order.state
    method()
    now = timezone.now()
    for name, value in (changes or {}).items():
        setattr(order, name, value)
    order.state_changed_at = now
    order.save()
    role = actor_role(order=order, actor=actor)
    OrderTransition.objects.create(
        order=order,
        from_state=previous,
        to_state=order.state,
        actor=actor,
        actor_role=role,
        note=note[:500],
        created_at=now,
    )
    _order_update_notify(order=order, role=role)
    return order


def order_request_record(*, order: Order, seller: User) -> None:
    """A new request's own history row and the buyer's notice (awaiting payment is its first
    state, entered without a transition)."""
    OrderTransition.objects.create(
        order=order,
        from_state=order.state,
        to_state=order.state,
        actor=seller,
        actor_role=Actor.SELLER,
    )
    _order_update_notify(order=order, role=Actor.SELLER)


def _order_update_notify(*, order: Order, role: Actor) -> None:
    """The other party (both, when the platform or staff moved it) hears of the change."""
    recipients: list[User] = []
    if role != Actor.BUYER:
        recipients.append(order.buyer)
    if role != Actor.SELLER:
        recipients.append(order.seller)
    link = settings.SITE_URL + conversation_path(order.conversation_id)
    for user in recipients:
        with translation.override("tr"):
            summary = str(order_update_summary(order=order, for_buyer=user.pk == order.buyer_id))
        notification_enqueue(
            user=user,
            event=NotificationEvent.ORDER_UPDATE,
            dedupe_key=f"{NotificationEvent.ORDER_UPDATE}:{order.pk}:{order.state}:{user.pk}",
            context={
                "name": user.public_name,
                "part_name": order.part.title,
                "summary": summary,
                "order_url": link,
            },
        )
    conversation_event_send(
        conversation=order.conversation,
        event_type="order.updated",
        data={"order_id": str(order.pk), "state": order.state},
    )


def order_is_open(order: Order) -> bool:
    return order.state not in (OrderState.COMPLETED, OrderState.CANCELLED, OrderState.REFUNDED)


__all__ = [
    "order_is_open",
    "order_locked",
    "order_request_record",
    "order_transition_apply",
]
