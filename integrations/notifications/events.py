"""What each notification event is: transactional or marketing, urgent or not, which channels."""

from __future__ import annotations

from dataclasses import dataclass

from integrations.models import Channel, NotificationEvent

# Turkish users prefer WhatsApp, then SMS, then e-mail: the fallback order.
CHANNEL_ORDER = (Channel.WHATSAPP, Channel.SMS, Channel.EMAIL)


@dataclass(frozen=True)
class EventSpec:
    channels: tuple[Channel, ...] = CHANNEL_ORDER
    # Marketing needs the KVKK marketing consent and obeys the weekly cap.
    marketing: bool = False
    # Urgent events (codes, password resets) ignore quiet hours.
    urgent: bool = False
    # Sent whatever the user's channel preferences say (the user asked for it just now).
    required: bool = False


EVENTS: dict[str, EventSpec] = {
    NotificationEvent.INTEREST_RECEIVED: EventSpec(),
    NotificationEvent.INTEREST_APPROVED: EventSpec(),
    NotificationEvent.NEW_MESSAGE: EventSpec(),
    NotificationEvent.PAYMENT_REMINDER: EventSpec(),
    NotificationEvent.ORDER_UPDATE: EventSpec(),
    NotificationEvent.PART_SOLD: EventSpec(channels=(Channel.SMS, Channel.EMAIL)),
    NotificationEvent.LISTING_APPROVED: EventSpec(),
    NotificationEvent.LISTING_REJECTED: EventSpec(),
    NotificationEvent.LISTING_PHOTOS_DELAYED: EventSpec(channels=(Channel.SMS, Channel.EMAIL)),
    NotificationEvent.LISTING_EXPIRING: EventSpec(channels=(Channel.SMS, Channel.EMAIL)),
    NotificationEvent.USER_WARNING: EventSpec(channels=(Channel.SMS, Channel.EMAIL)),
    NotificationEvent.WELCOME: EventSpec(channels=(Channel.EMAIL,)),
    NotificationEvent.PASSWORD_RESET: EventSpec(
        channels=(Channel.EMAIL,), urgent=True, required=True
    ),
    NotificationEvent.OTP: EventSpec(channels=(Channel.SMS,), urgent=True, required=True),
    NotificationEvent.MARKETING: EventSpec(marketing=True),
    # Usage statistics: GA4 only, any hour, needs the analytics consent (checked in routing).
    NotificationEvent.ANALYTICS: EventSpec(channels=(Channel.ANALYTICS,), urgent=True),
}
