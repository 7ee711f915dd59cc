"""Contact details hidden in Turkish text (IBAN, phone, link, e-mail): the one place for them.

Chat messages (`messaging.fraud`) and listings (`parts.risk`) both look for a way around the
site: a phone number typed with spaces or in words ("sıfır beş yüz otuz iki…"), an IBAN in groups
of four, a link with or without "www" or spelled "nokta com", an e-mail address written with
"@", "at" or "(at)". Every pattern runs on `fold(text)` (lower case, Turkish letters as ASCII,
single spaces) and is linear in the text: they run on every message and every listing save.
"""

from __future__ import annotations

import re
from enum import StrEnum
from urllib.parse import urlsplit

from django.conf import settings

from marketplace.text import fold


class ContactKind(StrEnum):
    IBAN = "iban"
    PHONE = "phone"
    LINK = "link"
    EMAIL = "email"


# A Turkish IBAN: TR + 24 digits, often written in groups of four.
_IBAN = re.compile(r"\btr\s*\d{2}(?:[\s\-]*\d){22}\b")
# Turkish phone numbers as people type them: 0532 123 45 67, +90 (532) 123-45-67, 905321234567,
# 5321234567, 0532.123.45.67, landlines with their 0 or +90 (0212 555 12 34).
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
LINK_TOP_LEVEL_DOMAINS = frozenset(
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
_TOP_LEVEL_DOMAIN = "|".join(sorted(LINK_TOP_LEVEL_DOMAINS))
# A dot said in words ("parcaci nokta com", "parcaci (dot) com") or "www" on its own.
_SPOKEN_DOT = r"(?:\s*[\(\[\{]\s*(?:nokta|dot)\s*[\)\]\}]\s*|\s+(?:nokta|dot)\s+)"
_SPOKEN_DOMAIN = re.compile(
    rf"\b[a-z0-9\-]++(?:{_SPOKEN_DOT}[a-z0-9\-]++)++",
)
_WWW_WORD = re.compile(r"\bwww\b")
# E-mail addresses: "ali@gmail.com", "ali @ gmail . com", "ali (at) gmail nokta com",
# "ali at gmail com", or a mailbox name at a well-known provider without its ending.
_MAIL_PROVIDERS = "gmail|hotmail|outlook|yahoo|yandex|icloud|mynet|windowslive|live"
_AT = r"(?:\s*@\s*|\s*[\(\[\{]\s*(?:at|et)\s*[\)\]\}]\s*|\s+(?:at|et)\s+)"
_EMAIL = re.compile(
    rf"\b[a-z0-9][a-z0-9._%+\-]*+{_AT}"
    rf"(?:[a-z0-9\-]++(?:\s*\.\s*|{_SPOKEN_DOT}|\s+)(?:{_TOP_LEVEL_DOMAIN})\b"
    rf"|(?:{_MAIL_PROVIDERS})\b)"
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


def _has_foreign_link(text: str, *, spoken: bool) -> bool:
    for url in _URL.finditer(text):
        host = re.split(r"[/:?#]", re.sub(r"^https?://", "", url.group(0)), maxsplit=1)[0]
        if _is_foreign_host(host):
            return True
    for name in _DOTTED_NAME.finditer(text):
        host = name.group(0).rstrip(".-")
        if host.rsplit(".", 1)[-1] in LINK_TOP_LEVEL_DOMAINS and _is_foreign_host(host):
            return True
    if not spoken:
        return False
    if _WWW_WORD.search(text):
        return True
    for name in _SPOKEN_DOMAIN.finditer(text):
        host = re.sub(_SPOKEN_DOT, ".", name.group(0))
        if host.rsplit(".", 1)[-1] in LINK_TOP_LEVEL_DOMAINS and _is_foreign_host(host):
            return True
    return False


def contact_details_find(content: str, *, spoken_links: bool = True) -> frozenset[ContactKind]:
    """The kinds of contact details in `content` (empty when none).

    `spoken_links` also counts links and e-mail addresses written in words ("nokta com",
    "(at)"): a listing has no reason to say them, while a chat may say "at" in passing."""
    text = fold(content)
    found: set[ContactKind] = set()
    if _IBAN.search(text):
        found.add(ContactKind.IBAN)
        text = _IBAN.sub(" ", text)  # an IBAN's digit groups can look like a phone number
    if spoken_links and _EMAIL.search(text):
        found.add(ContactKind.EMAIL)
        text = _EMAIL.sub(" ", text)  # an address's domain is not also a link
    elif "@" in text and re.search(r"[a-z0-9._%+\-]@[a-z0-9\-]+\.[a-z]{2,}", text):
        found.add(ContactKind.EMAIL)
    if _has_foreign_link(text, spoken=spoken_links):
        found.add(ContactKind.LINK)
    if _PHONE.search(_NUMBER_WORDS.sub(_number_words_as_digits, text)):
        found.add(ContactKind.PHONE)
    return frozenset(found)
