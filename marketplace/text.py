"""Turkish-aware casing, folding, sorting and part-number normalisation: the one place for it.

Also the one rule about characters no text may hold: the NUL character (U+0000).
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext_lazy as _

# PostgreSQL text cannot hold U+0000 (psycopg refuses the whole query: a 500), while SQLite
# stores it. Every place that takes text from outside refuses it, so both databases answer alike.
NUL = "\x00"
NUL_MESSAGE = _("This text contains characters that are not allowed.")


def has_nul(value: object) -> bool:
    return isinstance(value, str) and NUL in value


# Python's str.lower()/upper() apply the default Unicode mapping, which is wrong for Turkish:
# "I".lower() == "i" (should be "ı") and "İ".lower() == "i̇" (i + COMBINING DOT ABOVE).
_TURKISH_LOWER_SPECIAL = str.maketrans({"I": "ı", "İ": "i"})
_TURKISH_UPPER_SPECIAL = str.maketrans({"i": "İ", "ı": "I"})

# Applied after turkish_lower(), so only lower-case letters need mapping.
_ASCII_FOLD = str.maketrans(
    {
        "ı": "i",
        "ş": "s",
        "ğ": "g",
        "ü": "u",
        "ö": "o",
        "ç": "c",
        "â": "a",
        "î": "i",
        "û": "u",
    }
)

# Characters that carry no meaning inside an OEM / manufacturer part number.
_REFERENCE_SEPARATORS = re.compile(r"[\s\-./_]+")

# Characters after which turkish_title() starts a new word. The apostrophe is deliberately
# absent: Turkish suffixes follow it ("istanbul'da" -> "İstanbul'da", not "İstanbul'Da").
_TITLE_WORD_BREAKS = frozenset('-/(."“‘')

TURKISH_ALPHABET = "abcçdefgğhıijklmnoöprsştuüvyz"
_ALPHABET_RANK = {letter: index for index, letter in enumerate(TURKISH_ALPHABET)}

# Bands of turkish_sort_key(); 0 is reserved for the primary/tie-break separator so that a
# string always sorts before any longer string it is a prefix of.
_SORT_SEPARATOR = 0
_SORT_WHITESPACE = 1
_SORT_PUNCTUATION = 2
_SORT_DIGIT_BASE = 10
_SORT_LETTER_BASE = 100
_SORT_OTHER_BASE = 1000


def turkish_lower(value: str) -> str:
    """Lower-case by Turkish rules: "I" -> "ı" and "İ" -> "i"."""
    return value.translate(_TURKISH_LOWER_SPECIAL).lower()


def turkish_upper(value: str) -> str:
    """Upper-case by Turkish rules: "i" -> "İ" and "ı" -> "I"."""
    return value.translate(_TURKISH_UPPER_SPECIAL).upper()


def turkish_title(value: str) -> str:
    """Capitalise each word by Turkish rules: "ığdır ve istanbul" -> "Iğdır Ve İstanbul"."""
    lowered = turkish_lower(value)
    parts: list[str] = []
    at_word_start = True
    for char in lowered:
        if char.isspace() or char in _TITLE_WORD_BREAKS:
            at_word_start = True
            parts.append(char)
        elif at_word_start and char.isalpha():
            parts.append(turkish_upper(char))
            at_word_start = False
        else:
            if char.isalnum():
                at_word_start = False
            parts.append(char)
    return "".join(parts)


def fold(value: str) -> str:
    """Fold to a lower-case ASCII-ish search key: fold("IĞDIR") == "igdir"."""
    # NFKC first so decomposed input ("I" + U+0307) and compatibility forms (full-width
    # letters, ligatures) reach the Turkish mappings in their canonical composed shape.
    text = turkish_lower(unicodedata.normalize("NFKC", value))
    text = text.translate(_ASCII_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return " ".join(stripped.split())


def normalize_reference(value: str) -> str:
    """Canonical OEM part number: "a 203 423-06.12" -> "A2034230612"."""
    # fold() maps both "ı" and "i" (and "I"/"İ") to "i", so upper() then gives a plain "I".
    return _REFERENCE_SEPARATORS.sub("", fold(value)).upper()


def turkish_sort_key(value: str) -> tuple[int, ...]:
    """Sort key following the Turkish alphabet (a b c ç d ... ı i ... ş t u ü v y z)."""
    text = unicodedata.normalize("NFC", value)
    primary: list[int] = []
    for char in turkish_lower(text):
        rank = _ALPHABET_RANK.get(char)
        if rank is None and not char.isspace():
            # Letters outside the alphabet ("â", "é") sort with their base letter.
            base = unicodedata.normalize("NFD", char)[0]
            rank = _ALPHABET_RANK.get(base)
        if rank is not None:
            primary.append(_SORT_LETTER_BASE + rank)
        elif char.isspace():
            primary.append(_SORT_WHITESPACE)
        elif "0" <= char <= "9":
            primary.append(_SORT_DIGIT_BASE + ord(char) - ord("0"))
        elif char.isalnum():
            primary.append(_SORT_OTHER_BASE + ord(char))
        else:
            primary.append(_SORT_PUNCTUATION)
    # Tie-break on the exact code points so the order is total and deterministic.
    return (*primary, _SORT_SEPARATOR, *(ord(char) for char in text))
