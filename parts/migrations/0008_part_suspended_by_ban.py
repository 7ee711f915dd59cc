"""Part.suspended_by_ban: lifting a ban brings back only the listings the ban suspended."""

from typing import Any

from django.db import migrations, models


def mark_listings_of_banned_sellers(apps: Any, schema_editor: Any) -> None:
    # Before this field, every suspended listing of a banned seller was the ban's.
    Part = apps.get_model("parts", "Part")
    Part.objects.filter(status="suspended", seller__banned_at__isnull=False).update(
        suspended_by_ban=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("parts", "0007_title_vector"),
        ("marketplace", "0003_analytics_consent"),
    ]

    operations = [
        migrations.AddField(
            model_name="part",
            name="suspended_by_ban",
            field=models.BooleanField(default=False, verbose_name="suspended by the seller's ban"),
        ),
        migrations.RunPython(mark_listings_of_banned_sellers, migrations.RunPython.noop),
    ]
