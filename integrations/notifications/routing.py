"""Who receives a notification on which channels, in order, and when (KVKK, preferences, quiet
hours, the weekly marketing cap)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from integrations.analytics import analytics_client_id, analytics_configured
from integrations.models import Channel, Notification, NotificationEvent, NotificationStatus
from integrations.notifications.events import EVENTS, EventSpec
from marketplace.models import ConsentKind, User
from marketplace.selectors import consent_current

ISTANBUL = ZoneInfo("Europe/Istanbul")


@dataclass(frozen=True)
class Route:
    channel: Channel
    address: str  # E.164 phone or e-mail address


def event_spec(event: str) -> EventSpec:
    return EVENTS[event]


def _phone_usable(user: User) -> bool:
    return bool(user.phone and user.phone_verified_at)


def _address_routes(*, spec: EventSpec, address: str) -> list[Route]:
    """An explicit address (the number being verified, the address a reset was asked for):
    the event's channels that can reach that kind of address, whatever the preferences."""
    is_email = "@" in address
    return [
        Route(channel, address)
        for channel in spec.channels
        if (channel == Channel.EMAIL) == is_email and channel != Channel.ANALYTICS
    ]


def routes_for(*, user: User, event: str, address: str = "") -> tuple[list[Route], str]:
    """The channels to try in order, or an empty list and the reason nothing may be sent."""
    spec = event_spec(event)
    if user.deleted_at is not None or not user.is_active:
        return [], "account closed or suspended"
    if address:
        reaching = _address_routes(spec=spec, address=address)
        return (reaching, "") if reaching else ([], "no channel reaches the address")
    # The consents cost a query: read only when this event on these channels depends on them.
    consents: dict[ConsentKind, bool] = {}
    if (
        spec.marketing
        or (Channel.WHATSAPP in spec.channels and user.notify_whatsapp and not spec.required)
        or (Channel.ANALYTICS in spec.channels and analytics_configured())
    ):
        consents = consent_current(user=user)
    if spec.marketing and not consents.get(ConsentKind.MARKETING, False):
        return [], "no marketing consent"
    routes: list[Route] = []
    for channel in spec.channels:
        if channel == Channel.WHATSAPP:
            wanted = spec.required or (
                user.notify_whatsapp and consents.get(ConsentKind.WHATSAPP, False)
            )
            if wanted and _phone_usable(user):
                routes.append(Route(channel, str(user.phone)))
        elif channel == Channel.SMS:
            if (spec.required or user.notify_sms) and _phone_usable(user):
                routes.append(Route(channel, str(user.phone)))
        elif channel == Channel.EMAIL and (spec.required or user.notify_email) and user.email:
            routes.append(Route(channel, user.email))
        elif (
            channel == Channel.ANALYTICS
            and analytics_configured()
            and consents.get(ConsentKind.ANALYTICS, False)
        ):
            routes.append(Route(channel, analytics_client_id(user.pk)))
    if not routes:
        return [], "no channel the user accepts"
    return routes, ""


def quiet_hours_end(moment: datetime) -> datetime | None:
    """When quiet hours (22:00–08:00 Istanbul by default) end, if `moment` falls inside them."""
    start_hour, end_hour = settings.NOTIFICATION_QUIET_HOURS
    if start_hour == end_hour:
        return None  # (h, h): no quiet hours
    local = moment.astimezone(ISTANBUL)
    if start_hour <= local.hour or local.hour < end_hour:
        day = local.date() if local.hour < end_hour else local.date() + timedelta(days=1)
        return datetime.combine(day, time(end_hour), tzinfo=ISTANBUL)
    return None


def due_at_for(*, event: str, now: datetime) -> datetime:
    if event_spec(event).urgent:
        return now
    return quiet_hours_end(now) or now


def marketing_cap_reached(*, user: User, now: datetime) -> bool:
    sent = Notification.objects.filter(
        user=user,
        event=NotificationEvent.MARKETING,
        status=NotificationStatus.SENT,
        sent_at__gte=now - timedelta(days=7),
    ).count()
    return sent >= settings.NOTIFICATION_MARKETING_PER_WEEK
