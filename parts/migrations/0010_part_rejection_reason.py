"""Part.rejection_reason: why staff rejected a listing, shown to its seller."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("parts", "0009_search_meaning")]

    operations = [
        migrations.AddField(
            model_name="part",
            name="rejection_reason",
            field=models.CharField(blank=True, max_length=500, verbose_name="rejection reason"),
        ),
    ]
