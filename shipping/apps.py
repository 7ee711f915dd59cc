"""App configuration for shipping: carriers, tracking links and business days."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShippingConfig(AppConfig):
    name = "shipping"
    verbose_name = _("Shipping")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from shipping import error_codes  # noqa: F401 - registers the app's error codes
