"""A buyer's rating of the seller after a completed order, the seller's one answer, and staff's
moderation.

One review per order (the buyer's); the seller may answer it once. Texts are stored as typed
and escaped wherever they are shown. A review hidden by staff leaves the seller's summary and
the public lists; the order's two participants still see it, marked as hidden.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

RATING_MIN = 1
RATING_MAX = 5
COMMENT_MAX = 1000
REPLY_MAX = 1000


class Review(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    order = models.OneToOneField(
        "orders.Order", on_delete=models.PROTECT, related_name="+", verbose_name=_("order")
    )
    part = models.ForeignKey(
        "parts.Part", on_delete=models.PROTECT, related_name="+", verbose_name=_("part")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviews_written",
        verbose_name=_("author (buyer)"),
    )
    seller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviews_received",
        verbose_name=_("rated seller"),
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.CharField(_("comment"), max_length=COMMENT_MAX, blank=True)
    seller_reply = models.CharField(_("seller's answer"), max_length=REPLY_MAX, blank=True)
    replied_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden by staff at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=RATING_MIN, rating__lte=RATING_MAX),
                name="review_rating_1_to_5",
            ),
            # An answer has its time; the time stays when a deleted account's answer is emptied.
            models.CheckConstraint(
                condition=models.Q(seller_reply="") | models.Q(replied_at__isnull=False),
                name="review_reply_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(author=models.F("seller")), name="review_not_of_self"
            ),
        ]
        indexes = [
            models.Index(fields=["seller", "-created_at"], name="review_seller_created"),
            models.Index(fields=["author", "-created_at"], name="review_author_created"),
        ]

    def __str__(self) -> str:
        return f"{self.rating}★ {self.order_id}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def has_reply(self) -> bool:
        return self.replied_at is not None
