"""Turning what people type into search terms: folding, Turkish suffixes, typos, part numbers.

Pure functions, shared by both database back ends (the selectors turn the terms into SQL).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from marketplace.text import fold, normalize_reference
from parts.lexicon import PART_WORDS

# Turkish inflectional suffixes, folded (no diacritics), longest first. Stripping one from the
# typed word gives a stem that is a prefix of the listing's word: "alternatorler" -> "alternator",
# "diski" -> "disk" (matches "disk" and "diski"), "pompasi" -> "pompa". Only when what is left is
# a known word, though: see `stem`.
_SUFFIXES: tuple[str, ...] = tuple(
    sorted(
        set(
            """
            lerinden larindan lerinde larinda lerine larina lerini larini lerin larin leri lari
            ler lar sinden sindan sunden sundan sinde sinda sunde sunda sinin sunun sine sina
            sune suna sini sunu si su nin nun den dan ten tan de da te ta yi yu ye ya in un
            i u e a
            """.split()  # noqa: SIM905 - a word list reads better as text
        ),
        key=len,
        reverse=True,
    )
)
MIN_STEM_LENGTH = 3
TYPO_MIN_LENGTH = 5
REFERENCE_MIN_LENGTH = 6
_WORD = re.compile(r"[a-z0-9]+")
# One letter, then the digits: Mercedes-Benz's "A" (and "N", "Q", "B") before the number proper.
_MAKER_PREFIX = re.compile(r"[A-Z][0-9]")


def document_words(*values: str) -> str:
    """The folded words of some fields as ` word word …` (a leading space marks word starts)."""
    words: list[str] = []
    for value in values:
        words.extend(_WORD.findall(fold(value or "")))
    return " " + " ".join(words) if words else ""


def _remainders(word: str) -> list[str]:
    """What is left of a folded word after each suffix it ends with, longest suffix first."""
    if not word.isalpha() or word in PART_WORDS:
        return []
    return [
        word[: -len(suffix)]
        for suffix in _SUFFIXES
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM_LENGTH
    ]


def stem(word: str, *, known: Collection[str] = frozenset()) -> str:
    """Strips one Turkish suffix from a folded word when what is left is a word people use: a
    word of the trade (`PART_WORDS`) or one of `known` (the listings' words). "kapilari" ->
    "kapi", "balatasi" -> "balata"; but "kapi" stays (not "kap"), and so does "balata" (not
    "bala", which would also find "balasti"). A word nobody uses is kept whole."""
    for remainder in _remainders(word):
        if remainder in PART_WORDS or remainder in known:
            return remainder
    return word


def reference_unprefixed(reference_key: str) -> str:
    """A normalised part number without the maker's one-letter prefix: "A2034230612" ->
    "2034230612", so a number typed without it ("203.423.06.12") finds the part. Numbers that
    start with a digit or with several letters ("TG100200") stay as they are."""
    return reference_key[1:] if _MAKER_PREFIX.match(reference_key) else reference_key


def model_key(value: str) -> str:
    """A model name as ` cx5 5`: from each word on, the words run together. "CX-5", "CX 5" and
    "cx5" all give a ` cx5` to look for (`model_query_key`), and "Clio 4" still has ` clio`."""
    words = _WORD.findall(fold(value or ""))
    return "".join(f" {''.join(words[index:])}" for index in range(len(words)))


def model_query_key(value: str) -> str:
    """What a typed model must find in `model_key`: its folded letters and digits, no spaces."""
    return "".join(_WORD.findall(fold(value or "")))


def within_one_edit(first: str, second: str) -> bool:
    """Levenshtein distance of at most one (one letter missing, extra or wrong)."""
    if abs(len(first) - len(second)) > 1:
        return False
    if len(first) > len(second):
        first, second = second, first
    index_first = index_second = 0
    edits = 0
    while index_first < len(first) and index_second < len(second):
        if first[index_first] == second[index_second]:
            index_first += 1
            index_second += 1
            continue
        edits += 1
        if edits > 1:
            return False
        if len(first) == len(second):
            index_first += 1
        index_second += 1
    return edits + (len(second) - index_second) + (len(first) - index_first) <= 1


def fuzzy_prefix_in(document: str, term: str) -> bool:
    """Whether a word of the document starts with `term`, allowing one typo in `term`."""
    length = len(term)
    for word in document.split():
        if word.startswith(term):
            return True
        for candidate_length in (length - 1, length, length + 1):
            if 0 < candidate_length <= len(word) and within_one_edit(term, word[:candidate_length]):
                return True
    return False


@dataclass(frozen=True)
class SearchTerm:
    word: str  # folded, as typed
    stem: str  # prefix every matching listing word starts with

    @property
    def typo_tolerant(self) -> bool:
        return len(self.stem) >= TYPO_MIN_LENGTH and self.stem.isalpha()


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    terms: tuple[SearchTerm, ...]
    reference: str  # normalised part number when the query looks like one, else ""

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.reference


KnownWords = Callable[[Iterable[str]], Collection[str]]


def _no_vocabulary(words: Iterable[str]) -> Collection[str]:
    return frozenset()


def query_parse(text: str, *, known_words: KnownWords = _no_vocabulary) -> ParsedQuery:
    """The typed words as search terms and the part number it may be. `known_words` tells which
    of some words the listings use (one look-up for the whole query)."""
    words = _WORD.findall(fold(text or ""))[:10]
    remainders = {remainder for word in words for remainder in _remainders(word)}
    known = known_words(remainders - PART_WORDS) if remainders - PART_WORDS else frozenset()
    terms: list[SearchTerm] = []
    seen: set[str] = set()
    for word in words:
        term_stem = stem(word, known=known)
        if term_stem not in seen:
            seen.add(term_stem)
            terms.append(SearchTerm(word=word, stem=term_stem))
    reference = normalize_reference(text or "")
    looks_like_reference = len(reference) >= REFERENCE_MIN_LENGTH and any(
        character.isdigit() for character in reference
    )
    return ParsedQuery(
        text=(text or "").strip(),
        terms=tuple(terms),
        reference=reference if looks_like_reference else "",
    )
