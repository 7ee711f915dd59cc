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
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from marketplace.text import fold

REASON_IBAN = "iban"
REASON_PAYMENT = "payment"  # kapora, ön ödeme, EFT, havale…
REASON_LINK = "link"  # a link to another site
REASON_PHONE = "phone"
REASON_OFF_PLATFORM = "off_platform"  # "WhatsApp'tan yaz", Telegram, Instagram…
# The order in which reasons are stored and shown (the costliest scam first).
REASONS = (REASON_IBAN, REASON_PAYMENT, REASON_LINK, REASON_PHONE, REASON_OFF_PLATFORM)
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

# All patterns run on fold(text): lower case, Turkish letters as ASCII ("Ö" → "o"), single spaces.

# A Turkish IBAN: TR + 24 digits, often written in groups of four.
_IBAN = re.compile(r"\btr\s*\d{2}(?:[\s\-]*\d){22}\b")
# Turkish phone numbers as people type them: 0532 123 45 67, +90 (532) 123-45-67, 905321234567,
# 5321234567, landlines with their 0 or +90 (0212 555 12 34).
_PHONE = re.compile(
    r"(?<![\d+])(?:"
    r"(?:\+|00)?90[\s.\-]*\(?0?\s*[2-5]\d{2}\)?"
    r"|\(?0\s*[2-5]\d{2}\)?"
    r"|\(?5\d{2}\)?"
    r")(?:[\s.\-]*\d){7}(?!\d)"
)
# Numbers written in words ("beş üç iki…", "sıfır beş yüz otuz iki…"), turned into digits before
# the phone pattern runs.
_UNITS = {
    "sifir": 0,
    "bir": 1,
    "iki": 2,
    "uc": 3,
    "dort": 4,
    "bes": 5,
    "alti": 6,
    "yedi": 7,
    "sekiz": 8,
    "dokuz": 9,
}
_TENS = {
    "on": 10,
    "yirmi": 20,
    "otuz": 30,
    "kirk": 40,
    "elli": 50,
    "altmis": 60,
    "yetmis": 70,
    "seksen": 80,
    "doksan": 90,
}
_HUNDRED = "yuz"
_NUMBER_WORD = "(?:" + "|".join([*_UNITS, *_TENS, _HUNDRED]) + ")"
_NUMBER_WORDS = re.compile(rf"\b{_NUMBER_WORD}(?:[\s,.\-]+{_NUMBER_WORD})*\b")
# Links: with a scheme or www., or a bare domain under a common top-level domain (wa.me, t.me,
# bit.ly, instagram.com/…). A dotted name is matched whole, from its start only and without
# backtracking (possessive), so "a.a.a.…" costs one pass, not one per starting letter.
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+")
_DOTTED_NAME = re.compile(r"(?<![a-z0-9.\-])[a-z0-9\-]++(?:\.[a-z0-9\-]++)++")
_LINK_TOP_LEVEL_DOMAINS = frozenset(
    [
        "com",
        "net",
        "org",
        "info",
        "biz",
        "me",
        "ly",
        "io",
        "co",
        "app",
        "link",
        "site",
        "online",
        "shop",
        "store",
        "xyz",
        "tr",
        "gl",
        "to",
        "cc",
        "ru",
    ]
)
_PAYMENT = re.compile(
    r"\b(?:kapora|kaparo|kapara|on\s?odeme|depozito|havale|eft|iban|papara"
    r"|odeme\s+linki|hesab\w*\s+(?:yatir|at|gonder))\w*"
)
_OFF_PLATFORM = re.compile(
    r"\b(?:whats\s?app|whatsap|watsap|vatsap|telegram|instagram)\w*"
    r"|\b(?:wp|insta|whats)(?:[dt][ae]n|y?[ae])?\b"
)


def _number_words_as_digits(match: re.Match[str]) -> str:
    """ "bes uc iki" → "532", "sifir bes yuz otuz iki" → "0532", "kirk bes" → "45"."""
    digits: list[str] = []
    hundreds = tens = units = None

    def flush() -> None:
        nonlocal hundreds, tens, units
        if hundreds is not None or tens is not None or units is not None:
            digits.append(str((hundreds or 0) + (tens or 0) + (units or 0)))
        hundreds = tens = units = None

    for word in re.findall(r"[a-z]+", match.group(0)):
        if word in _UNITS:
            if units is not None:
                flush()
            units = _UNITS[word]
        elif word in _TENS:
            if tens is not None or units is not None:
                flush()
            tens = _TENS[word]
        else:  # yüz
            if hundreds is not None or tens is not None:
                flush()
            hundreds, units = (units or 1) * 100, None
    flush()
    return "".join(digits)


def _site_host() -> str:
    return (urlsplit(settings.SITE_URL).hostname or "").lower()


def _is_foreign_host(host: str) -> bool:
    own = _site_host()
    return not own or (host != own and not host.endswith("." + own))


def _has_foreign_link(text: str) -> bool:
    for url in _URL.finditer(text):
        host = re.split(r"[/:?#]", re.sub(r"^https?://", "", url.group(0)), maxsplit=1)[0]
        if _is_foreign_host(host):
            return True
    for name in _DOTTED_NAME.finditer(text):
        host = name.group(0).rstrip(".-")
        if host.rsplit(".", 1)[-1] in _LINK_TOP_LEVEL_DOMAINS and _is_foreign_host(host):
            return True
    return False


def fraud_reasons_find(content: str) -> tuple[str, ...]:
    """The scam signs in the text, in REASONS order (empty when none)."""
    text = fold(content)
    found = set()
    if _IBAN.search(text):
        found.add(REASON_IBAN)
        text = _IBAN.sub(" ", text)  # an IBAN's digit groups can look like a phone number
    if _PAYMENT.search(text):
        found.add(REASON_PAYMENT)
    if _has_foreign_link(text):
        found.add(REASON_LINK)
    if _PHONE.search(_NUMBER_WORDS.sub(_number_words_as_digits, text)):
        found.add(REASON_PHONE)
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
