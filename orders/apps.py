"""App configuration for orders: buying a part on the platform (Güvenli Ödeme)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from marketplace.privacy_registry import register_erasure, register_export
        from messaging.selectors import conversation_panel_register
        from orders import (
            error_codes,  # noqa: F401 - registers the app's error codes
            privacy,
        )
        from orders.views import conversation_order_panel

        conversation_panel_register("orders", conversation_order_panel)
        register_export("orders", privacy.orders_export)
        register_erasure("orders", privacy.orders_erase)
        from orders.metrics import dashboard_metrics_register

        dashboard_metrics_register()
