"""Part listings and their photos."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from marketplace.cities import CITY_CHOICES
from marketplace.text import fold
from parts.brands import BRAND_CHOICES

MAX_PRICE = Decimal("999999.99")
YEAR_MIN = 1900
YEAR_MAX = 2030
MAX_IMAGES_PER_PART = 10


class PartCondition(models.TextChoices):
    USABLE = "Kullanılabilir", _("Usable")
    FAULTY = "Arızalı", _("Faulty")


class PartStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    SOLD = "sold", _("Sold")
    PENDING_REVIEW = "pending_review", _("Pending review")
    REJECTED = "rejected", _("Rejected")
    DELETED = "deleted", _("Deleted")
    # Hidden by staff: by a ban of the seller (`suspended_by_ban`, undone when the ban is lifted)
    # or by hand.
    SUSPENDED = "suspended", _("Suspended (seller banned)")
    # Not renewed within PART_LIFETIME_DAYS of publishing (parts.services.expiry); the seller
    # renews it from "İlanlarım" or `POST /api/parts/{id}/renew`.
    EXPIRED = "expired", _("Expired")


class PartRejectionReason(models.TextChoices):
    """Why staff refuse a listing (the seller reads the label, and the note when there is one)."""

    PHOTOS = "photos", _("The photos do not show the part")
    CONTACT = (
        "contact",
        _("The listing contains a phone number, an address or another way to contact off the site"),
    )
    MISLEADING = "misleading", _("The price or the description is misleading")
    DUPLICATE = "duplicate", _("The same listing is already online")
    PROHIBITED = "prohibited", _("This item cannot be sold on BanaYeni SanaEski")
    OTHER = "other", _("Another reason (see the note)")


# A listing that is no longer live keeps its page in these states (see Part.has_public_page).
PAGE_KEPT_STATUSES = frozenset(
    {PartStatus.ACTIVE, PartStatus.SOLD, PartStatus.PAUSED, PartStatus.EXPIRED}
)


# A listing anyone may find: `parts.selectors.part_public_queryset` (partial indexes' condition).
LIVE = Q(status=PartStatus.ACTIVE, images_pending=0)


class Part(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    seller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="parts",
        verbose_name=_("seller"),
    )
    title = models.CharField(_("title"), max_length=200)
    part_reference = models.CharField(_("part reference"), max_length=100)
    # Upper case without spaces, dashes, dots or slashes: `A 203 423 06 12` -> `A2034230612`.
    part_reference_key = models.CharField(_("normalised reference"), max_length=100)
    # The key without the maker's one-letter prefix (`A2034230612` -> `2034230612`): a number
    # typed without it, or starting with a digit, is looked up here; see parts.search.
    part_reference_unprefixed = models.CharField(max_length=100, editable=False, default="")
    condition = models.CharField(_("condition"), max_length=20, choices=PartCondition.choices)
    price = models.DecimalField(_("price (TRY)"), max_digits=8, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="TRY", editable=False)
    location_city = models.CharField(_("city"), max_length=32, choices=CITY_CHOICES)
    brand = models.CharField(_("brand"), max_length=40, choices=BRAND_CHOICES)
    model = models.CharField(_("model"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    description = models.TextField(_("description"), blank=True, max_length=5000)
    status = models.CharField(
        _("listing status"), max_length=20, choices=PartStatus.choices, default=PartStatus.ACTIVE
    )
    # Set on the listings a ban suspended, so lifting the ban brings back those and no other
    # (a listing staff suspended for its own reasons stays suspended).
    suspended_by_ban = models.BooleanField(_("suspended by the seller's ban"), default=False)
    # Why staff rejected the listing, shown to its seller (who can edit it and send it again).
    rejection_reason = models.CharField(_("rejection reason"), max_length=500, blank=True)
    rejection_code = models.CharField(
        _("rejection reason code"), max_length=20, choices=PartRejectionReason.choices, blank=True
    )
    # The moderation rules' verdict on the last create or edit (parts.risk): the total, and each
    # rule that fired as {"code", "points", "detail"} so staff see why.
    risk_score = models.PositiveSmallIntegerField(_("risk score"), default=0, editable=False)
    risk_reasons = models.JSONField(_("risk reasons"), default=list, blank=True, editable=False)
    # A digest of the folded title and description (only for a description long enough to be
    # someone's own words): the same text listed by another account (parts.risk).
    text_fingerprint = models.CharField(max_length=40, blank=True, default="", editable=False)
    # Folded copies (Turkish lower case, no diacritics) kept by parts.services; see parts.search.
    # Each is ` word word …`: the leading space lets ` stem` match at a word start.
    title_search = models.CharField(max_length=220, editable=False, default="")
    # The model's words run together from each word on (` cx5 5`), so `cx5`, `CX 5` and `cx-5`
    # all find "CX-5" (parts.search.model_key).
    model_search = models.TextField(editable=False, default="")
    # Title, brand, model and reference: short, for trigram typo matching on PostgreSQL.
    search_short = models.CharField(max_length=480, editable=False, default="")
    # Every searchable field, description included.
    search_document = models.TextField(editable=False, default="")
    images_pending = models.PositiveSmallIntegerField(default=0, editable=False)
    # An active listing becomes `expired` at this moment unless its seller renews it: set on
    # publishing and renewal to PART_LIFETIME_DAYS later (parts.services.expiry).
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True, editable=False)
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("part")
        verbose_name_plural = _("parts")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gt=0) & Q(price__lte=MAX_PRICE), name="part_price_range"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=YEAR_MIN) & Q(year__lte=YEAR_MAX), name="part_year_range"
            ),
            models.CheckConstraint(
                condition=Q(status__in=PartStatus.values), name="part_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(condition__in=PartCondition.values), name="part_condition_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="part_status_created"),
            # The staff dashboard's new listings per day, whatever their status (parts/metrics.py).
            models.Index(fields=["created_at"], name="part_created"),
            # text_pattern_ops serves exact and prefix (LIKE 'A20342%') reference look-ups.
            models.Index(
                fields=["part_reference_key"],
                name="part_reference_key",
                opclasses=["text_pattern_ops"],
            ),
            models.Index(
                fields=["part_reference_unprefixed"],
                name="part_reference_unprefixed",
                opclasses=["text_pattern_ops"],
            ),
            models.Index(fields=["seller", "status"], name="part_seller_status"),
            # The expiry beat's reminders and expiries: active listings by expiry date.
            models.Index(
                fields=["expires_at"],
                condition=Q(status=PartStatus.ACTIVE),
                name="part_active_expiry",
            ),
            # The moderation queue: listings waiting for staff, riskiest first.
            models.Index(
                fields=["-risk_score", "created_at"],
                condition=Q(status=PartStatus.PENDING_REVIEW),
                name="part_review_queue",
            ),
            models.Index(
                fields=["text_fingerprint"],
                condition=~Q(text_fingerprint=""),
                name="part_text_fingerprint",
            ),
            # The public search's filters, one partial index per leading filter, each in the
            # order a page is read and covering what the other filters test, so a page and its
            # count come from the index alone (`parts.selectors`). Only live listings.
            models.Index(
                fields=["-created_at"], include=["id"], condition=LIVE, name="part_live_created"
            ),
            models.Index(
                fields=["brand", "-created_at"],
                include=["id", "location_city", "condition", "price", "year", "model_search"],
                condition=LIVE,
                name="part_live_brand",
            ),
            models.Index(
                fields=["brand", "location_city", "-created_at"],
                include=["id"],
                condition=LIVE,
                name="part_live_brand_city",
            ),
            models.Index(
                fields=["location_city", "-created_at"],
                include=["id", "condition", "brand", "price", "year"],
                condition=LIVE,
                name="part_live_city",
            ),
            models.Index(
                fields=["brand", "price", "-created_at"],
                include=["id"],
                condition=LIVE,
                name="part_live_brand_price",
            ),
            models.Index(
                fields=["price", "-created_at"],
                include=["id", "location_city", "condition"],
                condition=LIVE,
                name="part_live_price",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def slug(self) -> str:
        """`bmw-e46-alternator-orijinal-bosch-<uuid>`: readable and still unique."""
        return f"{slugify(fold(self.title))[:80].strip('-')}-{self.id}"

    @property
    def is_public(self) -> bool:
        """Live: in search, open to interest and contact."""
        return self.status == PartStatus.ACTIVE and self.images_pending == 0

    @property
    def has_public_page(self) -> bool:
        """Its page answers for everyone: live, or sold or paused (with a notice and no contact),
        so links in conversations and search engines do not break."""
        return self.status in PAGE_KEPT_STATUSES and self.images_pending == 0


def part_image_path(instance: PartImage, filename: str) -> str:
    # Server-generated names only: nothing of the uploaded file name reaches storage.
    return f"parts/{instance.id}/{filename}"


def part_original_path(instance: PartImage, filename: str) -> str:
    # Outside `parts/`: originals keep their EXIF (GPS) until processed and are never served.
    return f"private/originals/{instance.id}/{filename}"


class PartImageStatus(models.TextChoices):
    PENDING = "pending", _("Processing")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class PartImage(models.Model):
    """A photo: uploaded by a seller, processed to WebP sizes, then attached to a part."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="part_images"
    )
    part = models.ForeignKey(
        Part, on_delete=models.CASCADE, related_name="images", null=True, blank=True
    )
    position = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        max_length=10, choices=PartImageStatus.choices, default=PartImageStatus.PENDING
    )
    original = models.FileField(upload_to=part_original_path, blank=True, max_length=200)
    display = models.FileField(upload_to=part_image_path, blank=True, max_length=200)
    thumbnail = models.FileField(upload_to=part_image_path, blank=True, max_length=200)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    thumbnail_width = models.PositiveIntegerField(default=0)
    thumbnail_height = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0, help_text=_("Bytes of the uploaded file."))
    error = models.CharField(max_length=200, blank=True)
    # The photo's perceptual hash (parts.images.PhotoHash), set when it is processed: a 256-bit
    # difference hash (hex) compared bit by bit, and a coarse 64-bit one in four 16-bit bands
    # that are indexed, so a near-duplicate (a few bits apart) shares a band with it.
    perceptual_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    hash_band_0 = models.IntegerField(null=True, blank=True, editable=False)
    hash_band_1 = models.IntegerField(null=True, blank=True, editable=False)
    hash_band_2 = models.IntegerField(null=True, blank=True, editable=False)
    hash_band_3 = models.IntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("part photo")
        verbose_name_plural = _("part photos")
        ordering = ["position", "created_at"]
        indexes = [
            models.Index(fields=["part", "position"], name="partimage_part_position"),
            *(
                models.Index(
                    fields=[f"hash_band_{band}"],
                    condition=Q(**{f"hash_band_{band}__isnull": False}),
                    name=f"partimage_hash_band_{band}",
                )
                for band in range(4)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.id} ({self.status})"


class SearchWord(models.Model):
    """Every folded word that occurs in a listing's search document (never pruned: a word no
    listing has any more only costs a row).

    PostgreSQL reads it to turn a stem into the exact words that start with it ("disk" →
    "disk | diski"), which the GIN index answers from its posting lists instead of the slow
    prefix scan, and to find the words one typo away from a typed word through a trigram index
    over a few ten thousand words rather than over every listing."""

    word = models.TextField(primary_key=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self) -> str:
        return self.word


class BannedWord(models.Model):
    """A word or phrase staff do not want in listings (counterfeit, stolen, prohibited goods):
    a listing containing it gets `points` towards review (parts.risk). Matched folded, at word
    starts: "çalıntı" also finds "Çalıntıdır" and "calinti"."""

    phrase = models.CharField(_("word or phrase"), max_length=100)
    phrase_folded = models.CharField(max_length=100, unique=True, editable=False)
    points = models.PositiveSmallIntegerField(
        _("risk points"),
        default=60,
        help_text=_("Added to the listing's risk score; at the threshold it waits for review."),
    )
    note = models.CharField(_("note for staff"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("banned word")
        verbose_name_plural = _("banned words")
        ordering = ["phrase_folded"]

    def __str__(self) -> str:
        return self.phrase
