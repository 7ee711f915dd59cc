"""Part numbers without the maker's letter, and model names with or without a hyphen or a space.

`part_reference_unprefixed` is the reference key without a one-letter maker prefix
(`A2034230612` -> `2034230612`), with its own `text_pattern_ops` B-tree. `model_search` becomes
the model's words run together from each word on (` cx 5` -> ` cx5 5`) and a text column (the
runs can outgrow 120 characters; varchar to text rewrites nothing on PostgreSQL).

Existing rows are filled in one pass: both new values follow from columns already stored (the
key and the old ` word word` model column), so no listing is re-read in Python. On PostgreSQL it
is one UPDATE joined to the few thousand distinct models; every row gets a new version and new
entries in every index (2.8 s for 20,000 synthetic listings on the shared 2-core machine under
load: plan for a few minutes per million), and the new index is built after it. The rules are copied here as
they were: parts.search may change later, this migration may not.
"""

from __future__ import annotations

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def _model_key(old: str) -> str:
    """` cx 5` -> ` cx5 5` (parts.search.model_key at the time of this migration)."""
    words = old.split()
    return "".join(f" {''.join(words[index:])}" for index in range(len(words)))


def _model_words(new: str) -> str:
    """` cx5 5` -> ` cx 5`: each run is its first word followed by the next run."""
    runs = new.split()
    words = [run[: len(run) - len(runs[index + 1])] for index, run in enumerate(runs[:-1])]
    words += runs[-1:]
    return " " + " ".join(words) if words else ""


def _unprefixed(key: str) -> str:
    if len(key) > 1 and "A" <= key[0] <= "Z" and "0" <= key[1] <= "9":
        return key[1:]
    return key


_POSTGRES_UPDATE = """
    UPDATE parts_part AS part
    SET model_search = models.new,
        part_reference_unprefixed = CASE
            WHEN part.part_reference_key ~ '^[A-Z][0-9]' THEN substr(part.part_reference_key, 2)
            ELSE part.part_reference_key
        END
    FROM part_model_keys AS models
    WHERE models.old = part.model_search
"""


def _rewrite(
    apps: StateApps, schema_editor: BaseDatabaseSchemaEditor, *, forward: bool
) -> None:
    part_model = apps.get_model("parts", "Part")
    convert = _model_key if forward else _model_words
    olds = part_model.objects.order_by().values_list("model_search", flat=True).distinct()
    mapping = {old: convert(old) for old in olds}
    if schema_editor.connection.vendor != "postgresql":
        for part in part_model.objects.only("pk", "model_search", "part_reference_key"):
            part.model_search = mapping[part.model_search]
            part.part_reference_unprefixed = _unprefixed(part.part_reference_key)
            part.save(update_fields=["model_search", "part_reference_unprefixed"])
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE part_model_keys (old text PRIMARY KEY, new text NOT NULL)"
        )
        cursor.executemany("INSERT INTO part_model_keys VALUES (%s, %s)", list(mapping.items()))
        cursor.execute("ANALYZE part_model_keys")
        cursor.execute(_POSTGRES_UPDATE)
        cursor.execute("DROP TABLE part_model_keys")


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _rewrite(apps, schema_editor, forward=True)


def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _rewrite(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [("parts", "0008_part_suspended_by_ban")]

    operations = [
        migrations.AddField(
            model_name="part",
            name="part_reference_unprefixed",
            field=models.CharField(default="", editable=False, max_length=100),
        ),
        migrations.AlterField(
            model_name="part",
            name="model_search",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(forward, backward, elidable=True),
        migrations.AddIndex(
            model_name="part",
            index=models.Index(
                fields=["part_reference_unprefixed"],
                name="part_reference_unprefixed",
                opclasses=["text_pattern_ops"],
            ),
        ),
    ]
