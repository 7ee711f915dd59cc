"""App configuration for the marketplace core."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the OpenAPI extension for Bearer authentication.
        from marketplace.api import schema  # noqa: F401
        from marketplace.roles import staff_roles_ensure_after_migrate
        from marketplace.services.retention import core_retention_rules_register

        core_retention_rules_register()
        from marketplace.services.audit_roles import role_change_signals_connect

        role_change_signals_connect()

        # After every app's permissions exist (they are created by post_migrate too).
        post_migrate.connect(
            staff_roles_ensure_after_migrate, dispatch_uid="marketplace.staff_roles"
        )
        from marketplace.metrics import dashboard_metrics_register

        dashboard_metrics_register()
