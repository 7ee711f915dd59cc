"""App configuration for interests."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterestsConfig(AppConfig):
    name = "interests"
    verbose_name = _("Interests")
    default_auto_field = "django.db.models.BigAutoField"
