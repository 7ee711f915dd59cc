"""The vocabulary of the listings (`SearchWord`), filled from the existing search documents.

On PostgreSQL the primary key's `text_pattern_ops` index serves stem → words, and a trigram index
typo → words; typos no longer read the trigram index over every listing's short fields, so that
one goes.
"""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

POSTGRES_FORWARD = [
    "CREATE INDEX IF NOT EXISTS searchword_trgm ON parts_searchword USING gin (word gin_trgm_ops)",
    "INSERT INTO parts_searchword (word) "
    "SELECT word FROM ts_stat('SELECT search_vector FROM parts_part') ON CONFLICT DO NOTHING",
    "ANALYZE parts_searchword",
    "DROP INDEX IF EXISTS part_search_short_trgm",
]
POSTGRES_BACKWARD = [
    "CREATE INDEX IF NOT EXISTS part_search_short_trgm ON parts_part "
    "USING gin (search_short gin_trgm_ops)",
]


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_FORWARD:
            schema_editor.execute(statement)
        return
    part_model = apps.get_model("parts", "Part")
    word_model = apps.get_model("parts", "SearchWord")
    words: set[str] = set()
    for document in part_model.objects.values_list("search_document", flat=True).iterator():
        words.update(document.split())
    word_model.objects.bulk_create(
        [word_model(word=word) for word in words], ignore_conflicts=True, batch_size=2000
    )


def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("parts", "0005_city_search_gin")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[("word", models.TextField(primary_key=True, serialize=False))],
            options={"verbose_name": "search word", "verbose_name_plural": "search words"},
        ),
        migrations.RunPython(forward, backward),
    ]
