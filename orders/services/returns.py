"""Returns ("uymadı") and disputes.

The buyer asks within the return window after delivery (2 days for individual sellers, 14 for
business sellers), with a reason and photos; the seller accepts (or says nothing for 48 hours,
which the beat takes as agreeing) or refuses, which freezes the order as a dispute for staff.
An accepted return is refunded when the seller confirms the part came back, or by the beat
ORDER_RETURN_REFUND_DAYS after acceptance.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from marketplace.errors import DomainError, ErrorCode
from marketplace.images import (
    ImageRejected,
    ImageRejectedCode,
    image_format_name,
    image_open,
    image_prepare,
    webp_encode,
)
from marketplace.models import User
from marketplace.text import has_nul
from orders.error_codes import OrderErrorCode
from orders.models import Order, OrderReturnPhoto, OrderState, ReturnReason
from orders.returns import order_return_open
from orders.rules import order_action_allowed
from orders.services.payment import order_refund
from orders.services.transitions import order_locked, order_transition_apply

PHOTO_MAX_BYTES = 15 * 1024 * 1024
PHOTO_BOX = 1600
PHOTO_QUALITY = 80
DESCRIPTION_MAX = 1000


def return_photo_render(data: bytes) -> bytes:
    """A phone photo (up to 15 MB, JPEG/PNG/WebP/HEIC) as an upright, metadata-free WebP."""
    if not data:
        raise ImageRejected(ImageRejectedCode.EMPTY)
    if len(data) > PHOTO_MAX_BYTES:
        raise ImageRejected(ImageRejectedCode.TOO_LARGE_FOR_PAGE)
    with image_open(data) as image:
        image_format_name(image)
        icc_profile = image.info.get("icc_profile")
        try:
            prepared = image_prepare(image, box=PHOTO_BOX, icc_profile=icc_profile)
            return webp_encode(prepared, quality=PHOTO_QUALITY)
        except Exception as error:
            raise ImageRejected(ImageRejectedCode.CORRUPT) from error


def _return_input_check(*, reason: str, description: str, photos: Sequence[bytes]) -> list[bytes]:
    problems: dict[str, list[str]] = {}
    if reason not in ReturnReason.values:
        problems["reason"] = [gettext("Choose why you are returning the part.")]
    if len(description) > DESCRIPTION_MAX or has_nul(description):
        problems["description"] = [gettext("Write at most 1000 characters.")]
    if reason == ReturnReason.OTHER and not description.strip():
        problems["description"] = [gettext("Tell the seller what is wrong with the part.")]
    if len(photos) > settings.ORDER_RETURN_MAX_PHOTOS:
        problems["photos"] = [
            gettext("Send at most %(count)d photos.") % {"count": settings.ORDER_RETURN_MAX_PHOTOS}
        ]
    rendered: list[bytes] = []
    if "photos" not in problems:
        for data in photos:
            try:
                rendered.append(return_photo_render(data))
            except ImageRejected as error:
                problems["photos"] = [str(error.message)]
                break
    if problems:
        raise DomainError(ErrorCode.VALIDATION_ERROR, details=problems)
    return rendered


def order_return_request(
    *,
    order_id: uuid.UUID | str,
    buyer: User,
    reason: str,
    description: str = "",
    photos: Sequence[bytes] = (),
) -> Order:
    """The buyer asks to send the part back (within the window after delivery)."""
    with transaction.atomic():
        order = order_locked(order_id=order_id, user=buyer)
        if not order_action_allowed(
            order=order, action=order.request_return, actor=buyer
        ) or not order_return_open(order=order):
            raise DomainError(OrderErrorCode.ORDER_ACTION_NOT_ALLOWED)
        rendered = _return_input_check(reason=reason, description=description, photos=photos)
        order = order_transition_apply(
            order=order,
            action="request_return",
            actor=buyer,
            note=reason,
            changes={
                "return_reason": reason,
                "return_description": description.strip(),
                "return_requested_at": timezone.now(),
            },
        )
        for data in rendered:
            photo = OrderReturnPhoto(order=order)
            photo.image.save(f"{uuid.uuid4().hex}.webp", ContentFile(data), save=False)
            photo.save()
    return order


def order_return_accept(*, order_id: uuid.UUID | str, seller: User | None) -> Order:
    """The seller agrees (or the beat, after 48 hours of silence): the buyer sends it back."""
    with transaction.atomic():
        order = order_locked(order_id=order_id, user=seller)
        return order_transition_apply(
            order=order,
            action="accept_return",
            actor=seller,
            changes={"return_answered_at": timezone.now()},
        )


def order_return_refuse(*, order_id: uuid.UUID | str, seller: User, note: str = "") -> Order:
    """The seller refuses: the order is frozen as a dispute until staff decide."""
    with transaction.atomic():
        order = order_locked(order_id=order_id, user=seller)
        return order_transition_apply(
            order=order,
            action="refuse_return",
            actor=seller,
            note=note,
            changes={"return_answered_at": timezone.now()},
        )


def order_return_received(*, order_id: uuid.UUID | str, seller: User, ip: str) -> Order:
    """The seller has the part back: the buyer's money is refunded in full."""
    with transaction.atomic():
        order = order_locked(order_id=order_id, user=seller)
        if order.state != OrderState.RETURNED or seller.pk != order.seller_id:
            raise DomainError(OrderErrorCode.ORDER_ACTION_NOT_ALLOWED)
        return order_refund(order_id=order_id, actor=seller, ip=ip, note="return received")
