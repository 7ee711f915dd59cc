"""App configuration for integrations."""

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = _("Integrations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from integrations import checks, privacy, receivers  # noqa: F401 - checks and receivers
        from integrations.outbox import OUTBOX
        from marketplace.outbox import register_outbox
        from marketplace.privacy_registry import register_erasure, register_export
        from marketplace.retention import RetentionRule, retention_rule_register

        register_export("notifications", privacy.notifications_export)
        register_erasure("notifications", privacy.notifications_erase)
        register_outbox(OUTBOX)
        from integrations.metrics import dashboard_metrics_register

        dashboard_metrics_register()
        retention_rule_register(
            RetentionRule(
                name="notifications",
                description=_(
                    "Notifications we sent you (SMS, e-mail, WhatsApp) and their delivery "
                    "records: deleted %(days)s days after they were created."
                ),
                days=lambda: settings.KVKK_RETENTION_NOTIFICATION_DAYS,
                purge=privacy.notifications_purge,
            )
        )
