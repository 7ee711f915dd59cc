"""Contact details typed into a message before the seller shared their phone (a common scam)."""

from __future__ import annotations

import re

# Turkish phone numbers in the spellings people type: 0532 123 45 67, +90 532 1234567, 5321234567.
_PHONE = re.compile(r"(?<!\d)(?:\+?90[\s.\-]*)?\(?0?\s*5\d{2}\)?(?:[\s.\-]*\d){7}(?!\d)")
# A Turkish IBAN: TR + 24 digits, often written in groups of four.
_IBAN = re.compile(r"\bTR\s*\d{2}(?:[\s\-]*\d){22}\b", re.IGNORECASE)

FLAG_PHONE = "phone"
FLAG_IBAN = "iban"


def contact_details_found(content: str) -> str:
    """The flags raised by the text, comma-separated ("" when none)."""
    flags = []
    if _PHONE.search(content):
        flags.append(FLAG_PHONE)
    if _IBAN.search(content):
        flags.append(FLAG_IBAN)
    return ",".join(flags)
