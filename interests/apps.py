"""App configuration for interests."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterestsConfig(AppConfig):
    name = "interests"
    verbose_name = _("Interests")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from interests import privacy
        from marketplace.privacy_registry import register_erasure, register_export

        register_export("interests", privacy.interests_export)
        register_erasure("interests", privacy.interests_erase)
