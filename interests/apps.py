"""App configuration for interests."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterestsConfig(AppConfig):
    name = "interests"
    verbose_name = _("Interests")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from interests import (
            error_codes,  # noqa: F401 - registers the app's error codes
            privacy,
        )
        from interests.selectors import interest_hidden_parts_condition
        from marketplace.privacy_registry import register_erasure, register_export
        from parts.selectors import part_hidden_for_viewer_register

        register_export("interests", privacy.interests_export)
        register_erasure("interests", privacy.interests_erase)
        # A "not interested" answer hides the listing from the buyer's search and lists.
        part_hidden_for_viewer_register("not_interested", interest_hidden_parts_condition)
        from interests.metrics import dashboard_metrics_register

        dashboard_metrics_register()
