"""App configuration for reviews: the buyer rates the seller after a completed order."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from marketplace.privacy_registry import register_erasure, register_export
        from messaging.selectors import conversation_panel_register
        from orders.selectors import order_panel_register
        from parts.selectors import seller_ratings_register
        from reviews import (
            error_codes,  # noqa: F401 - registers the app's error codes
            privacy,
        )
        from reviews.selectors import seller_ratings_for_listing
        from reviews.views import conversation_review_panel, order_review_panel

        register_export("reviews", privacy.reviews_export)
        register_erasure("reviews", privacy.reviews_erase)
        # "★ 4,6 (12 değerlendirme)" next to the seller on a listing and in the part API.
        seller_ratings_register("reviews", seller_ratings_for_listing)
        order_panel_register("reviews", order_review_panel)
        conversation_panel_register("reviews", conversation_review_panel)
