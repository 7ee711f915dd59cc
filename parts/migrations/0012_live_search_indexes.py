"""Partial indexes for the public search (issue 19): only live listings (active, photos done).

B-trees for each leading filter in the order a page is read, covering the other filters so a
page and its count come from the index alone (brand + city: 230-680 ms -> 1-2 ms at a million
listings); the price sorts move to `part_live_price`. On PostgreSQL the words' GIN indexes
become partial too and take the brand as a first column (btree_gin, as 0005 did for the city):
"sağ far" for a Mini reads Mini's matches, not every "sağ far" (53,000) anded with a price
range. Building them takes about a minute per million listings, inside the migration's
transaction (writes to parts_part wait); on a large live catalogue run the statements with
CREATE INDEX CONCURRENTLY by hand first, the IF NOT EXISTS makes this migration skip them.
"""

from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

LIVE = "WHERE status = 'active' AND images_pending = 0"
FORWARD = [
    "CREATE INDEX IF NOT EXISTS part_live_brand_search_gin ON parts_part "
    f"USING gin (brand, search_vector) {LIVE}",
    "CREATE INDEX IF NOT EXISTS part_live_brand_title_gin ON parts_part "
    f"USING gin (brand, title_vector) {LIVE}",
    # The whole-table ones served the same searches: the partial ones replace them.
    "DROP INDEX IF EXISTS part_search_vector_gin",
    "DROP INDEX IF EXISTS part_title_vector_gin",
    "ANALYZE parts_part",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS part_search_vector_gin ON parts_part USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS part_title_vector_gin ON parts_part USING gin (title_vector)",
    "DROP INDEX IF EXISTS part_live_brand_title_gin",
    "DROP INDEX IF EXISTS part_live_brand_search_gin",
]


def _run(statements: list[str]):  # type: ignore[no-untyped-def]
    def apply(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("parts", "0011_part_status_label"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="part",
            name="part_status_price",
        ),
        migrations.AddIndex(
            model_name="part",
            index=models.Index(
                condition=models.Q(("images_pending", 0), ("status", "active")),
                fields=["-created_at"],
                include=("id",),
                name="part_live_created",
            ),
        ),
        migrations.AddIndex(
            model_name="part",
            index=models.Index(
                condition=models.Q(("images_pending", 0), ("status", "active")),
                fields=["brand", "-created_at"],
                include=("id", "location_city", "condition", "price", "year", "model_search"),
                name="part_live_brand",
            ),
        ),
        migrations.AddIndex(
            model_name="part",
            index=models.Index(
                condition=models.Q(("images_pending", 0), ("status", "active")),
                fields=["brand", "location_city", "-created_at"],
                include=("id",),
                name="part_live_brand_city",
            ),
        ),
        migrations.AddIndex(
            model_name="part",
            index=models.Index(
                condition=models.Q(("images_pending", 0), ("status", "active")),
                fields=["location_city", "-created_at"],
                include=("id", "condition", "brand", "price", "year"),
                name="part_live_city",
            ),
        ),
        migrations.AddIndex(
            model_name="part",
            index=models.Index(
                condition=models.Q(("images_pending", 0), ("status", "active")),
                fields=["brand", "price", "-created_at"],
                include=("id",),
                name="part_live_brand_price",
            ),
        ),
        migrations.AddIndex(
            model_name="part",
            index=models.Index(
                condition=models.Q(("images_pending", 0), ("status", "active")),
                fields=["price", "-created_at"],
                include=("id", "location_city", "condition"),
                name="part_live_price",
            ),
        ),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
