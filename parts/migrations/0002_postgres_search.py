"""PostgreSQL-only search machinery: a stored tsvector, GIN indexes, pg_trgm for typos.

On SQLite this migration does nothing; parts.selectors searches the folded columns instead.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # Stored, so no query ever runs to_tsvector() per row. 'simple': the words are already
    # folded and stemmed by parts.search, the same way on both databases.
    "ALTER TABLE parts_part ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_document)) STORED",
    "CREATE INDEX part_search_vector_gin ON parts_part USING gin (search_vector)",
    # Trigrams on the short fields only (title, brand, model, reference), never descriptions.
    "CREATE INDEX part_search_short_trgm ON parts_part USING gin (search_short gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS part_search_short_trgm",
    "DROP INDEX IF EXISTS part_search_vector_gin",
    "ALTER TABLE parts_part DROP COLUMN IF EXISTS search_vector",
]


def _run(statements: list[str]):  # type: ignore[no-untyped-def]
    def apply(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("parts", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
