"""App configuration for parts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartsConfig(AppConfig):
    name = "parts"
    verbose_name = _("Parts")
    default_auto_field = "django.db.models.BigAutoField"
