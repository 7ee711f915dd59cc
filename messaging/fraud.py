"""Signs of a scam in a chat message and the warning its recipient sees: the one place for them.

Deposit ("kapora") fraud and being pulled off the site are the usual losses on Turkish
classifieds. `fraud_reasons_find` runs on every send (a handful of regular expressions over at
most 2000 characters); the reasons are stored comma-separated on the message
(`Message.flagged_reason`), and `fraud_warning` / `fraud_reasons_display` turn them into the
recipient's warning card and the admin's readable column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from marketplace.contact_details import ContactKind, contact_details_find
from marketplace.text import fold

REASON_IBAN = "iban"
REASON_PAYMENT = "payment"  # kapora, ön ödeme, EFT, havale…
REASON_LINK = "link"  # a link to another site
REASON_PHONE = "phone"
REASON_OFF_PLATFORM = "off_platform"  # "WhatsApp'tan yaz", Telegram, Instagram…
# The order in which reasons are stored and shown (the costliest scam first).
REASONS = (REASON_IBAN, REASON_PAYMENT, REASON_LINK, REASON_PHONE, REASON_OFF_PLATFORM)
# The core's contact kinds that are scam signs here (an e-mail address in a chat is not).
_CONTACT_REASONS = frozenset({ContactKind.IBAN, ContactKind.LINK, ContactKind.PHONE})
# Contact outside the site is fine once the seller shared their phone through it.
CONTACT_REASONS = frozenset({REASON_PHONE, REASON_OFF_PLATFORM})

REASON_LABELS: dict[str, Promise] = {
    REASON_IBAN: _("IBAN"),
    REASON_PAYMENT: _("deposit or prepayment"),
    REASON_LINK: _("link to another site"),
    REASON_PHONE: _("phone number"),
    REASON_OFF_PLATFORM: _("contact outside the site"),
}
REASON_WARNINGS: dict[str, Promise] = {
    REASON_IBAN: _(
        "This message contains an IBAN: do not send money to this account before you have seen "
        "and checked the part."
    ),
    REASON_PAYMENT: _(
        "Do not send a deposit or prepayment: an EFT or bank transfer cannot be taken back, and "
        "it is the scammers' favourite trick."
    ),
    REASON_LINK: _(
        "This message links to another site: never enter your card details on a page that looks "
        "like a payment or shipping page."
    ),
    REASON_PHONE: _(
        "This message contains a phone number: keep talking here and never tell anyone a code "
        "you received by SMS."
    ),
    REASON_OFF_PLATFORM: _(
        "Be careful when someone wants to move the conversation to WhatsApp, Telegram or "
        "Instagram: we cannot protect you outside this site."
    ),
}

# Payment and off-platform words run on fold(text) (lower case, Turkish letters as ASCII, single
# spaces); IBANs, phone numbers and links are the core's (`marketplace.contact_details`).
_PAYMENT = re.compile(
    r"\b(?:kapora|kaparo|kapara|on\s?odeme|depozito|havale|eft|iban|papara"
    r"|odeme\s+linki|hesab\w*\s+(?:yatir|at|gonder))\w*"
)
_OFF_PLATFORM = re.compile(
    r"\b(?:whats\s?app|whatsap|watsap|vatsap|telegram|instagram)\w*"
    r"|\b(?:wp|insta|whats)(?:[dt][ae]n|y?[ae])?\b"
)


def fraud_reasons_find(content: str) -> tuple[str, ...]:
    """The scam signs in the text, in REASONS order (empty when none)."""
    text = fold(content)
    contacts = contact_details_find(content, spoken_links=False)
    found = {str(kind) for kind in contacts if kind in _CONTACT_REASONS}
    if _PAYMENT.search(text):
        found.add(REASON_PAYMENT)
    if _OFF_PLATFORM.search(text):
        found.add(REASON_OFF_PLATFORM)
    return tuple(reason for reason in REASONS if reason in found)


@dataclass(frozen=True)
class FraudFlags:
    """What to store on the message, chosen in the send's own write (it knows whether the
    seller shared their phone by then)."""

    before_phone_shared: str
    after_phone_shared: str


def fraud_flags_for_message(content: str) -> FraudFlags:
    reasons = fraud_reasons_find(content)
    return FraudFlags(
        before_phone_shared=",".join(reasons),
        after_phone_shared=",".join(r for r in reasons if r not in CONTACT_REASONS),
    )


def fraud_reasons_parse(flagged_reason: str) -> list[str]:
    stored = set(flagged_reason.split(","))
    return [reason for reason in REASONS if reason in stored]


def fraud_reasons_display(flagged_reason: str) -> str:
    """Staff's reading of the stored flags: "phone,iban" → "IBAN, telefon numarası"."""
    return ", ".join(str(REASON_LABELS[reason]) for reason in fraud_reasons_parse(flagged_reason))


def fraud_warning(flagged_reason: str) -> dict[str, Any] | None:
    """The warning card's data (the API's and the WebSocket's `warning`), None without flags."""
    reasons = fraud_reasons_parse(flagged_reason)
    if not reasons:
        return None
    return {
        "reasons": reasons,
        "message": " ".join(str(REASON_WARNINGS[reason]) for reason in reasons),
    }
