"""App configuration for parts."""

from typing import Any

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def _register_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    """SQLite has no trigram index: typo tolerance there is a Python function over the words."""
    if connection.vendor != "sqlite":
        return
    from parts.search import fuzzy_prefix_in

    connection.connection.create_function(
        "banayeni_fuzzy_prefix",
        2,
        lambda document, term: int(fuzzy_prefix_in(document or "", term or "")),
        deterministic=True,
    )


class PartsConfig(AppConfig):
    name = "parts"
    verbose_name = _("Parts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        connection_created.connect(_register_sqlite_functions, dispatch_uid="parts_sqlite_fns")
        from marketplace.account_hooks import register_user_banned, register_user_unbanned
        from marketplace.privacy_registry import register_erasure, register_export
        from parts import (
            account_effects,
            error_codes,  # noqa: F401 - registers the app's error codes
            privacy,
            receivers,  # noqa: F401 - registers the search cache's and photo queue's receivers
        )

        register_export("listings", privacy.listings_export)
        register_erasure("listings", privacy.listings_erase)
        register_user_banned("listings", account_effects.listings_suspend_for_ban)
        register_user_unbanned("listings", account_effects.listings_restore_after_unban)
        from parts.metrics import dashboard_metrics_register

        dashboard_metrics_register()
