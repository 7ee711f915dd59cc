"""The search's words and part numbers as SQL conditions (parts.selectors builds the plans).

PostgreSQL: a tsquery over the stored vectors, each word as the exact vocabulary words that
start with its stem (`parts_searchword`), typos through a trigram index over that vocabulary.
SQLite: the folded columns, word by word, typos through a Python function.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from django.db import connection
from django.db.models import BooleanField, F, Func, Q, Value
from django.db.models.expressions import RawSQL

from parts.models import SearchWord
from parts.search import REFERENCE_MIN_LENGTH, SearchTerm, fuzzy_prefix_in

# A stem is looked up as the exact words that start with it when there are at most this many;
# beyond that (a short, common stem) it is a prefix, tested on the rows the other words find.
STEM_EXPANSION_LIMIT = 64
# Trigram word similarity that a vocabulary word needs to be checked for being one typo away:
# low enough that a 5-letter word with one wrong letter still qualifies (2 of 6 trigrams).
TYPO_WORD_SIMILARITY = 0.25


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def words_starting_with_each(stems: Iterable[str]) -> dict[str, list[str] | None]:
    """For each stem, the vocabulary's words that start with it, or None when there are too
    many (even a short stem: "ön" folds to "on", which one word starts with, and as a prefix
    `on:*` it cost the GIN index 25 ms at a million listings; "c" has 329 and stays a prefix).
    One query for all the stems: a `LIMIT` per stem, joined by UNION ALL."""
    stems = list(dict.fromkeys(stems))
    if not stems:
        return {}
    part = "(SELECT %s, word FROM parts_searchword WHERE word LIKE %s ESCAPE '\\' LIMIT %s)"
    params: list[Any] = []
    for stem in stems:
        escaped = stem.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params += [stem, f"{escaped}%", STEM_EXPANSION_LIMIT + 1]
    found: dict[str, list[str]] = {stem: [] for stem in stems}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join([part] * len(stems)), params)
        for stem, word in cursor.fetchall():
            found[stem].append(word)
    return {
        stem: None if len(words) > STEM_EXPANSION_LIMIT else words for stem, words in found.items()
    }


def known_words(words: Iterable[str]) -> set[str]:
    """Which of `words` some listing has (the vocabulary's primary key answers)."""
    return set(SearchWord.objects.filter(word__in=list(words)).values_list("word", flat=True))


def words_one_typo_from(stem: str) -> list[str]:
    """The vocabulary's words whose beginning is within one edit of `stem` (trigram candidates,
    then the same check as on SQLite)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
            [str(TYPO_WORD_SIMILARITY)],
        )
        cursor.execute(
            "SELECT word FROM parts_searchword WHERE %s <%% word AND length(word) >= %s",
            [stem, len(stem) - 1],
        )
        candidates = [row[0] for row in cursor.fetchall()]
    return [word for word in candidates if fuzzy_prefix_in(word, stem)]


def _typo_condition(column: str, stem: str) -> Q:
    """SQLite: a word of `column` starts within one edit of `stem` (a Python function)."""
    return Q(
        Func(F(column), Value(stem), function="banayeni_fuzzy_prefix", output_field=BooleanField())
    )


@dataclass(frozen=True)
class TextMatch:
    condition: Q  # every word matches somewhere in the listing
    in_title: Q  # every word matches in the title
    # The same, tested on each row rather than through an index (see _SearchPlan).
    condition_scanned: Q | None = None
    in_title_scanned: Q | None = None


def text_match(
    terms: tuple[SearchTerm, ...], *, typo_stems: frozenset[str] = frozenset()
) -> TextMatch:
    """Every word must match as a word beginning (its stem), or within one typo if its stem is
    one of `typo_stems`.

    PostgreSQL: one tsquery for all words, each word being the exact words that start with its
    stem (`fren & (disk | diski)`), which the GIN index reads straight from its posting lists,
    plus for `typo_stems` the words one typo away; a stem with too many words stays a prefix
    (`a:*`). SQLite: the folded document, word by word. The raw SQL names columns without the
    table, so it stays right inside subqueries."""
    if not is_postgres():
        condition, in_title = Q(), Q()
        for term in terms:
            term_condition = Q(search_document__contains=f" {term.stem}")
            term_in_title = Q(title_search__contains=f" {term.stem}")
            if term.stem in typo_stems:
                term_condition |= _typo_condition("search_document", term.stem)
                term_in_title |= _typo_condition("title_search", term.stem)
            condition &= term_condition
            in_title &= term_in_title
        return TextMatch(condition=condition, in_title=in_title)
    strong: list[str] = []  # each term as the exact words that start with its stem
    weak: list[str] = []  # the stems with too many words to list: prefixes (`c:*`)
    expansions = words_starting_with_each(term.stem for term in terms)
    for term in terms:
        words = expansions[term.stem]
        alternatives = [f"{term.stem}:*"] if words is None else words
        if term.stem in typo_stems:
            alternatives += words_one_typo_from(term.stem)
        # No listing has such a word: the prefix finds nothing, quickly.
        fragment = f"({' | '.join(sorted(set(alternatives))) or f'{term.stem}:*'})"
        (weak if words is None and term.stem not in typo_stems else strong).append(fragment)
    if not strong:
        strong, weak = weak, []
    return TextMatch(
        condition=_tsquery_condition("search_vector", strong, weak),
        # The title's own vector: its statistics tell how common a word is in titles.
        in_title=_tsquery_condition("title_vector", strong, weak),
        condition_scanned=_tsquery_condition("search_vector", [], strong + weak),
        in_title_scanned=_tsquery_condition("title_vector", [], strong + weak),
    )


def _tsquery_condition(
    column: Literal["search_vector", "title_vector"], indexed: list[str], checked: list[str]
) -> Q:
    """`column` has every fragment: the `indexed` ones through its GIN index, the `checked` ones
    (prefixes of a letter or two, such as `c:*` in "c 200 w204 sol far") only on the rows the
    others find. Through the index a prefix unions the posting lists of every word it starts
    (329 for "c", 60 ms); `ts_match_vq` is `@@` written as a function, which no index serves."""
    # A fixed column name; the words are parameters.
    parts, params = [], []
    if indexed:
        parts.append(f"{column} @@ to_tsquery('simple', %s)")
        params.append(" & ".join(indexed))
    if checked:
        parts.append(f"ts_match_vq({column}, to_tsquery('simple', %s))")
        params.append(" & ".join(checked))
    return Q(RawSQL(" AND ".join(parts), params, output_field=BooleanField()))  # noqa: S611


def part_reference_condition(reference_key: str) -> Q:
    """The listings whose part number is `reference_key` (or starts with it, from six
    characters). A number typed from its first digit also finds the one the maker writes with a
    letter before it (`2034230612`: `A2034230612`), through the key without that letter; one
    typed with its letter is looked up as typed. Either way one B-tree index answers."""
    field = "part_reference_unprefixed" if reference_key[:1].isdigit() else "part_reference_key"
    if len(reference_key) >= REFERENCE_MIN_LENGTH:
        return Q(**{f"{field}__startswith": reference_key})
    return Q(**{field: reference_key})
