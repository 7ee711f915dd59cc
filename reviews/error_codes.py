"""Reviews' error codes, registered with the core (one Turkish message each)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainErrorCode, error_codes_register


class ReviewErrorCode(DomainErrorCode):
    REVIEW_NOT_FOUND = ("REVIEW_NOT_FOUND", 404, _("Review not found"))
    REVIEW_NOT_ALLOWED = (
        "REVIEW_NOT_ALLOWED",
        409,
        _("Only the buyer can rate the seller, once the order is completed"),
    )
    REVIEW_EXISTS = ("REVIEW_EXISTS", 409, _("You have already rated this order"))
    REVIEW_RATING_INVALID = (
        "REVIEW_RATING_INVALID",
        400,
        _("Choose a rating from 1 to 5 stars"),
    )
    REVIEW_TEXT_INVALID = ("REVIEW_TEXT_INVALID", 400, _("The text cannot be saved"))
    REPLY_NOT_ALLOWED = (
        "REPLY_NOT_ALLOWED",
        403,
        _("Only the seller who was rated can answer this review"),
    )
    REPLY_EXISTS = ("REPLY_EXISTS", 409, _("You have already answered this review"))


error_codes_register(ReviewErrorCode)
