"""The listings' vocabulary (`SearchWord`), kept complete as listings are written."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from parts.models import Part, SearchWord

_BATCH = 2_000


def search_words_add(*, documents: Iterable[str]) -> None:
    """Records the words of some search documents (the ones already known are skipped)."""
    words = {word for document in documents for word in document.split()}
    if words:
        SearchWord.objects.bulk_create(
            [SearchWord(word=word) for word in sorted(words)],
            ignore_conflicts=True,
            batch_size=_BATCH,
        )


def search_words_rebuild() -> int:
    """Every word of every listing, after a bulk load that bypassed `part_create` (COPY).

    Returns how many words the vocabulary has."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # ts_stat lists the distinct lexemes of the stored vectors in one pass.
            cursor.execute(
                "INSERT INTO parts_searchword (word) SELECT word FROM "
                "ts_stat('SELECT search_vector FROM parts_part') ON CONFLICT DO NOTHING"
            )
            # Without statistics the planner reads the whole table instead of the trigram index.
            cursor.execute("ANALYZE parts_searchword")
    else:
        search_words_add(
            documents=Part.objects.values_list("search_document", flat=True).iterator()
        )
    return SearchWord.objects.count()
