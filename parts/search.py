"""Turning what people type into search terms: folding, Turkish suffixes, typos, part numbers.

Pure functions, shared by both database back ends (the selectors turn the terms into SQL).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marketplace.text import fold, normalize_reference

# Turkish inflectional suffixes, folded (no diacritics), longest first. Stripping them from the
# typed word gives a stem that is a prefix of the listing's word: "alternatorler" -> "alternator",
# "diski" -> "disk" (matches "disk" and "diski"), "pompasi" -> "pompa".
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


def document_words(*values: str) -> str:
    """The folded words of some fields as ` word word …` (a leading space marks word starts)."""
    words: list[str] = []
    for value in values:
        words.extend(_WORD.findall(fold(value or "")))
    return " " + " ".join(words) if words else ""


def stem(word: str) -> str:
    """Strips one Turkish suffix from a folded word, keeping at least three letters."""
    if not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM_LENGTH:
            return word[: -len(suffix)]
    return word


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


def query_parse(text: str) -> ParsedQuery:
    words = _WORD.findall(fold(text or ""))[:10]
    terms: list[SearchTerm] = []
    seen: set[str] = set()
    for word in words:
        term_stem = stem(word)
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
