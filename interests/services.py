"""Writes of the interests app: a buyer's answer to a listing, withdrawing it, seller approval.

The detail page's buttons, the API and the admin all call these; the rules live only here and in
the model's constraints.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from integrations.services import NotificationEvent, analytics_event_record, notification_enqueue
from interests.error_codes import InterestErrorCode
from interests.models import Interest, InterestType
from interests.selectors import interest_get_for_part
from interests.signals import interest_expressed, seller_phone_shared
from marketplace.errors import DomainError, ErrorCode
from marketplace.models import User
from messaging.error_codes import MessagingErrorCode
from messaging.selectors import (
    Conversation,
    conversation_path,
    conversation_phone_shared_at_locked,
    users_blocked_either_way,
)
from messaging.services import (
    conversation_get_for_participant,
    conversation_open,
    seller_phone_share,
)
from parts.error_codes import PartErrorCode
from parts.selectors import Part, part_public_queryset

INTERESTED_MESSAGE = _("Your interest is saved! You can start a chat with the seller.")
NOT_INTERESTED_MESSAGE = _("This part will not be shown to you again.")
WITHDRAWN_MESSAGE = _("The part will be shown to you again.")
PHONE_SHARED_MESSAGE = _("Your phone number is now visible to this buyer.")


@dataclass(frozen=True)
class InterestExpressed:
    interest: Interest
    conversation: Conversation | None

    @property
    def message(self) -> Promise:
        """The seed's Turkish answer for this type of interest."""
        if self.interest.type == InterestType.INTERESTED:
            return INTERESTED_MESSAGE
        return NOT_INTERESTED_MESSAGE


def _type_clean(value: object) -> str:
    if not isinstance(value, str) or value not in InterestType.values:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            details={"type": [str(_("Choose interested or not_interested."))]},
        )
    return value


def uuid_or_none(value: object) -> uuid.UUID | None:
    """An id from a URL or a body; anything that is not a UUID finds nothing."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _active_part(*, part: Part | None, part_id: uuid.UUID | str | None) -> Part:
    """The listing from the database, only while it is public (active, photos processed)."""
    key = part.pk if part is not None else uuid_or_none(part_id)
    found = part_public_queryset().filter(pk=key).first() if key is not None else None
    if found is None:
        raise DomainError(PartErrorCode.PART_NOT_FOUND)
    return found


def _interest_exists_error(*, user: User, part: Part) -> DomainError:
    details: dict[str, Any] = {}
    existing = interest_get_for_part(user=user, part_id=part.pk)
    if existing is not None:
        details["existing_type"] = existing.type
        if existing.conversation_id is not None:  # type: ignore[attr-defined]
            details["conversation_id"] = str(existing.conversation_id)  # type: ignore[attr-defined]
    return DomainError(InterestErrorCode.INTEREST_EXISTS, details=details)


def _conversation_link(conversation: Conversation) -> str:
    return settings.SITE_URL + conversation_path(conversation.pk)


def interest_received_dedupe_key(interest_id: object) -> str:
    """The seller's notification about one interest (also how a deletion finds it again)."""
    return f"{NotificationEvent.INTEREST_RECEIVED}:{interest_id}"


def interest_approved_dedupe_key(conversation_id: object) -> str:
    """The buyer's notification that the seller shared their phone in one conversation."""
    return f"{NotificationEvent.INTEREST_APPROVED}:{conversation_id}"


def _seller_notify(*, interest: Interest, conversation: Conversation) -> None:
    """The seed's interest_notification to the seller, in the outbox of this transaction."""
    seller = conversation.seller
    notification_enqueue(
        user=seller,
        event=NotificationEvent.INTEREST_RECEIVED,
        dedupe_key=interest_received_dedupe_key(interest.pk),
        context={
            "seller_name": seller.public_name,
            "part_name": conversation.part.title,
            "buyer_name": interest.user.public_name,
            "conversation_url": _conversation_link(conversation),
        },
    )


def _buyer_notify_phone_shared(*, conversation: Conversation) -> None:
    """The seed's approval_notification to the buyer, in the outbox of this transaction."""
    seller = conversation.seller
    notification_enqueue(
        user=conversation.buyer,
        event=NotificationEvent.INTEREST_APPROVED,
        dedupe_key=interest_approved_dedupe_key(conversation.pk),
        context={
            "seller_name": seller.public_name,
            "seller_phone": seller.phone or "",
            "part_name": conversation.part.title,
            "conversation_url": _conversation_link(conversation),
        },
    )


def interest_express(
    *,
    user: User,
    type: object,
    part: Part | None = None,
    part_id: uuid.UUID | str | None = None,
) -> InterestExpressed:
    """A buyer's one answer to a listing (seed 002, "Interest Management API").

    Rules, in the seed's order: the type is `interested` or `not_interested` (VALIDATION_ERROR);
    the listing exists and is active (PART_NOT_FOUND); the buyer is not its seller
    (OWN_PART_INTEREST); one answer per user and listing (INTEREST_EXISTS, with
    `details.existing_type` and `details.conversation_id` when there is one). The unique
    constraint settles concurrent requests: the loser of a race gets INTEREST_EXISTS too, so two
    simultaneous `interested` clicks give one Interest and one Conversation.

    `interested` opens the buyer's conversation with the seller and records the seller's
    notification (`interest_received`, seed 000 "interest_notification") in the outbox, all in
    one transaction; after commit it sends `interests.signals.interest_expressed` for any other
    listener. `not_interested` hides the listing from this user's searches and lists
    (`interest_hidden_parts_condition`).
    """
    answer = _type_clean(type)
    part = _active_part(part=part, part_id=part_id)
    if part.seller_id == user.pk:
        raise DomainError(InterestErrorCode.OWN_PART_INTEREST)
    if Interest.objects.filter(user=user, part=part).exists():
        raise _interest_exists_error(user=user, part=part)
    if answer == InterestType.INTERESTED and users_blocked_either_way(
        user_id=user.pk, other_id=part.seller_id
    ):
        # A block covers every listing of the blocker: no new chat, no notice to the seller.
        raise DomainError(MessagingErrorCode.USER_BLOCKED)
    conversation: Conversation | None = None
    try:
        with transaction.atomic():
            interest = Interest.objects.create(user=user, part=part, type=answer)
            analytics_event_record(
                user=user,
                name="interest_expressed",
                params={"interest_type": answer, "brand": part.brand, "city": part.location_city},
            )
            if answer == InterestType.INTERESTED:
                conversation = conversation_open(part=part, buyer=user)
                _seller_notify(interest=interest, conversation=conversation)
                opened = conversation
                transaction.on_commit(
                    lambda: interest_expressed.send(
                        sender=Interest, interest=interest, conversation=opened
                    )
                )
    except IntegrityError:
        # Another request for the same user and part committed first.
        raise _interest_exists_error(user=user, part=part) from None
    return InterestExpressed(interest=interest, conversation=conversation)


def interest_withdraw(*, user: User, interest_id: uuid.UUID | str) -> None:
    """Deletes the user's own `not_interested` mark, so the listing shows up again.

    Someone else's mark, or none, is NOT_FOUND. An `interested` answer stays: a conversation
    hangs on it (CONFLICT with its own message).
    """
    key = uuid_or_none(interest_id)
    interest = Interest.objects.filter(pk=key, user=user).first() if key is not None else None
    if interest is None:
        raise DomainError(ErrorCode.NOT_FOUND)
    if interest.type != InterestType.NOT_INTERESTED:
        raise DomainError(
            ErrorCode.CONFLICT,
            message=_("An interest that opened a conversation cannot be withdrawn."),
        )
    Interest.objects.filter(pk=interest.pk, type=InterestType.NOT_INTERESTED).delete()


def seller_phone_approve(*, seller: User, conversation_id: uuid.UUID | str) -> Conversation:
    """The seller's "Telefonumu paylaş": the buyer of this conversation may now see the phone.

    Only the conversation's seller may approve; the buyer and strangers get
    CONVERSATION_NOT_FOUND. The first approval records the buyer's notification
    (`interest_approved`, seed 000 "approval_notification") in the outbox in the same transaction
    and sends `interests.signals.seller_phone_shared` after commit; approving again changes
    nothing and notifies nobody. A seller without a verified phone gets PHONE_NOT_VERIFIED.
    """
    key = uuid_or_none(conversation_id)
    if key is None:
        raise DomainError(MessagingErrorCode.CONVERSATION_NOT_FOUND)
    conversation = conversation_get_for_participant(conversation_id=key, user=seller)
    if conversation.seller_id == seller.pk and not (seller.phone and seller.phone_verified_at):
        # Sharing promises the buyer a number that reaches this seller.
        raise DomainError(ErrorCode.PHONE_NOT_VERIFIED)
    with transaction.atomic():
        # The row lock makes concurrent approvals queue, so only the first one notifies.
        already_shared = (
            conversation_phone_shared_at_locked(conversation_id=conversation.pk) is not None
        )
        seller_phone_share(conversation=conversation, seller=seller)
        if not already_shared:
            _buyer_notify_phone_shared(conversation=conversation)
            transaction.on_commit(
                lambda: seller_phone_shared.send(
                    sender=Conversation, conversation=conversation, seller=seller
                )
            )
    return conversation
