"""Writes the default Turkish notification texts as rows staff can edit; never overwrites a row."""

from django.db import migrations

from integrations.notifications.default_templates import DEFAULT_TEMPLATES


def add_templates(apps, schema_editor):
    template_model = apps.get_model("integrations", "NotificationTemplate")
    for event, channel, subject, body, html_body, provider_name, variables in DEFAULT_TEMPLATES:
        template_model.objects.get_or_create(
            event=event,
            channel=channel,
            language="tr",
            defaults={
                "subject": subject,
                "body": body,
                "html_body": html_body,
                "provider_name": provider_name,
                "variables": variables,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("integrations", "0001_notification_outbox")]

    operations = [migrations.RunPython(add_templates, migrations.RunPython.noop)]
