"""Listings expire (issue 21): `Part.expires_at` and the `expired` status.

Listings that exist when this runs get a full period from the deployment (not from their
creation, which would expire most of them at the first beat, with no reminder)."""

from datetime import timedelta

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def expiry_backfill(apps, schema_editor):
    part = apps.get_model("parts", "Part")
    days = getattr(settings, "PART_LIFETIME_DAYS", 60)
    part.objects.filter(expires_at__isnull=True).exclude(status="deleted").update(
        expires_at=timezone.now() + timedelta(days=days)
    )


class Migration(migrations.Migration):

    dependencies = [
        ('parts', '0013_part_created_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='part',
            name='part_status_valid',
        ),
        migrations.AddField(
            model_name='part',
            name='expires_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='expires at'),
        ),
        migrations.AlterField(
            model_name='part',
            name='status',
            field=models.CharField(choices=[('active', 'Active'), ('paused', 'Paused'), ('sold', 'Sold'), ('pending_review', 'Pending review'), ('rejected', 'Rejected'), ('deleted', 'Deleted'), ('suspended', 'Suspended (seller banned)'), ('expired', 'Expired')], default='active', max_length=20, verbose_name='listing status'),
        ),
        migrations.AddIndex(
            model_name='part',
            index=models.Index(condition=models.Q(('status', 'active')), fields=['expires_at'], name='part_active_expiry'),
        ),
        migrations.AddConstraint(
            model_name='part',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['active', 'paused', 'sold', 'pending_review', 'rejected', 'deleted', 'suspended', 'expired'])), name='part_status_valid'),
        ),
        migrations.RunPython(expiry_backfill, migrations.RunPython.noop, elidable=True),
    ]
