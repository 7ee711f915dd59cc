"""App configuration for payments: iyzico's protected payment, seller payout profiles."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("Payments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy

        from marketplace.privacy_registry import register_erasure, register_export
        from parts.selectors import seller_badge_register
        from payments import (
            error_codes,  # noqa: F401 - registers the app's error codes
            privacy,
        )
        from payments.selectors import seller_verified_ids

        register_export("payout_profile", privacy.payout_profile_export)
        register_erasure("payments", privacy.payout_profile_erase_for_account)
        # "Doğrulanmış satıcı" next to a seller whose identity KPS (or staff, for a company)
        # confirmed: see payments/models.py for what that takes.
        seller_badge_register(
            "verified_seller", label=gettext_lazy("Verified seller"), holders=seller_verified_ids
        )
