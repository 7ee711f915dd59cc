"""Shapes of the parts API: the listing as the contract's `Part`, and the request bodies."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from marketplace.api.fields import BodySerializer, ServiceRuleChoiceField
from marketplace.privacy import mask_email
from marketplace.timestamps import api_datetime
from parts.fields import (
    ListingCharField,
    ListingChoiceField,
    ListingDecimalField,
    ListingIntegerField,
    PhotoIdListField,
    PhotoListField,
)
from parts.models import MAX_IMAGES_PER_PART, MAX_PRICE, YEAR_MAX, YEAR_MIN, Part, PartCondition
from parts.seller_badges import seller_badges_for
from parts.seller_ratings import seller_ratings_for
from parts.sellers import seller_display_name, seller_page_path
from parts.services import part_image_url
from parts.validation import (
    DESCRIPTION_MAX,
    MODEL_MAX,
    REFERENCE_MAX,
    REFERENCE_MIN,
    TITLE_MAX,
    TITLE_MIN,
    clean_brand,
    clean_city,
    clean_condition,
    clean_description,
    clean_model,
    clean_part_reference,
    clean_price,
    clean_title,
    clean_year,
)


def part_data(part: Part) -> dict[str, Any]:
    """The contract's Part. A plain function: list endpoints serialise 20 of these per request."""
    images = list(part.images.all())  # prefetched: ready photos in order
    return {
        "id": str(part.id),
        "seller_id": str(part.seller_id),
        "title": part.title,
        "part_reference": part.part_reference,
        "condition": part.condition,
        "price": part.price,
        "currency": part.currency,
        "location_city": part.location_city,
        "brand": part.brand,
        "model": part.model,
        "year": part.year,
        "description": part.description,
        "images": [part_image_url(image) for image in images],
        "image_ids": [str(image.id) for image in images],
        "thumbnails": [part_image_url(image, thumbnail=True) for image in images],
        "status": part.status,
        "url": f"/parca/{part.slug}/",
        "expires_at": api_datetime(part.expires_at) if part.expires_at else None,
        "created_at": api_datetime(part.created_at),
        "updated_at": api_datetime(part.updated_at),
    }


def seller_info_data(part: Part) -> dict[str, Any]:
    """The seed's `{id, email}` (the e-mail masked, kept for the apps built on the contract) and,
    added, the seller's display name and public page (what pages show instead of the e-mail),
    badges ("verified_seller") and rating (average and url null before their first review)."""
    badges = seller_badges_for(seller_ids=[part.seller_id])[part.seller_id]
    rating = seller_ratings_for(seller_ids=[part.seller_id])[part.seller_id]
    return {
        "id": str(part.seller_id),
        "email": mask_email(part.seller.email),
        "name": seller_display_name(part.seller),
        "url": seller_page_path(part.seller_id),
        "badges": [{"code": badge.code, "label": str(badge.label)} for badge in badges],
        "rating": (
            {"average": rating.average, "count": rating.count, "url": rating.url}
            if rating is not None
            else {"average": None, "count": 0, "url": None}
        ),
    }


# --- Schema (documentation and response validation in tests) ---------------------------------
class PartSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    seller_id = serializers.UUIDField()
    title = serializers.CharField()
    part_reference = serializers.CharField()
    condition = serializers.ChoiceField(choices=["Kullanılabilir", "Arızalı"])
    price = serializers.DecimalField(max_digits=8, decimal_places=2, coerce_to_string=False)
    currency = serializers.CharField()
    location_city = serializers.CharField()
    brand = serializers.CharField()
    model = serializers.CharField()
    year = serializers.IntegerField()
    description = serializers.CharField(allow_blank=True)
    images = serializers.ListField(child=serializers.CharField())
    image_ids = serializers.ListField(
        child=serializers.UUIDField(), help_text="The photos' ids, in the order of `images`"
    )
    thumbnails = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField()
    url = serializers.CharField()
    expires_at = serializers.DateTimeField(
        allow_null=True,
        help_text="An active listing leaves search (status expired) then unless renewed",
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class PaginationSerializer(serializers.Serializer[Any]):
    total = serializers.IntegerField()
    limit = serializers.IntegerField()
    offset = serializers.IntegerField()
    has_more = serializers.BooleanField()
    total_is_exact = serializers.BooleanField()


class SearchInfoSerializer(serializers.Serializer[Any]):
    query = serializers.CharField(allow_blank=True)
    execution_time_ms = serializers.FloatField()
    total_results = serializers.IntegerField()


class PartSearchSerializer(serializers.Serializer[Any]):
    parts = PartSerializer(many=True)
    pagination = PaginationSerializer()
    search_info = SearchInfoSerializer()


class SellerBadgeSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text='e.g. "verified_seller"')
    label = serializers.CharField(  # type: ignore[assignment]
        help_text='Turkish, e.g. "Doğrulanmış satıcı"'
    )


class SellerRatingSerializer(serializers.Serializer[Any]):
    average = serializers.DecimalField(
        max_digits=2,
        decimal_places=1,
        coerce_to_string=False,
        allow_null=True,
        help_text="1.0 to 5.0; null before the first review",
    )
    count = serializers.IntegerField(help_text="How many reviews (hidden ones not counted)")
    url = serializers.CharField(allow_null=True, help_text="The seller's reviews page")


class SellerInfoSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    email = serializers.CharField(help_text='Masked, as in the seed contract: "k****@example.com"')
    name = serializers.CharField(help_text='The display name, or "Satıcı" when none is set')
    url = serializers.CharField(help_text="The seller's public page, /satici/{id}/")
    badges = SellerBadgeSerializer(many=True)
    rating = SellerRatingSerializer()


class PartDetailSerializer(serializers.Serializer[Any]):
    part = PartSerializer()
    seller_info = SellerInfoSerializer()
    similar_parts = PartSerializer(many=True)
    user_can_express_interest = serializers.BooleanField()
    user_already_interested = serializers.ChoiceField(
        choices=["interested", "not_interested"], required=False
    )


class UploadResultsSerializer(serializers.Serializer[Any]):
    uploaded_images = serializers.ListField(child=serializers.CharField())
    failed_uploads = serializers.ListField(child=serializers.CharField())


class PartCreatedSerializer(serializers.Serializer[Any]):
    part = PartSerializer()
    upload_results = UploadResultsSerializer(required=False)


class PartOnlySerializer(serializers.Serializer[Any]):
    part = PartSerializer()


class PartDeletedSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()


class PartWriteSerializer(BodySerializer):
    """The body of POST /api/parts: each field is read by its rule in parts.validation, so every
    problem is reported at once, in the same words as on the listing form."""

    title = ListingCharField(clean=clean_title, min_length=TITLE_MIN, max_length=TITLE_MAX)
    part_reference = ListingCharField(
        clean=lambda value: clean_part_reference(value)[0],
        min_length=REFERENCE_MIN,
        max_length=REFERENCE_MAX,
    )
    condition = ListingChoiceField(clean=clean_condition, choices=PartCondition.values)
    price = ListingDecimalField(
        clean=clean_price,
        max_digits=8,
        decimal_places=2,
        coerce_to_string=False,
        min_value=Decimal("0.01"),
        max_value=MAX_PRICE,
        help_text="TRY; a Turkish-style text (1.250,50) is read too",
    )
    location_city = ListingCharField(
        clean=clean_city, help_text="Any spelling of one of the 81 provinces"
    )
    brand = ListingCharField(clean=clean_brand)
    model = ListingCharField(clean=clean_model, max_length=MODEL_MAX)
    year = ListingIntegerField(clean=clean_year, min_value=YEAR_MIN, max_value=YEAR_MAX)
    description = ListingCharField(
        clean=clean_description, required=False, allow_blank=True, max_length=DESCRIPTION_MAX
    )
    images = PhotoListField(
        child=serializers.CharField(),
        required=False,
        max_length=MAX_IMAGES_PER_PART,
        help_text="URLs from POST /api/upload/parts, or base64 images (data: URLs too)",
    )


class PartUpdateSerializer(PartWriteSerializer):
    """PUT /api/parts/{id} (partial): any listing field, and the owner's status change."""

    status = ServiceRuleChoiceField(
        choices=["active", "paused", "sold"],
        required=False,
        help_text="paused or sold takes the listing off the site; active publishes it again",
    )


class MyPartSerializer(serializers.Serializer[Any]):
    part = PartSerializer()
    view_count = serializers.IntegerField()
    interested_count = serializers.IntegerField()


class MyPartListSerializer(serializers.Serializer[Any]):
    parts = MyPartSerializer(many=True)
    pagination = serializers.DictField()


class PartImagesAddSerializer(BodySerializer):
    """Photos to add to a listing, after the others."""

    images = PhotoListField(
        child=serializers.CharField(),
        allow_empty=False,
        max_length=MAX_IMAGES_PER_PART,
        help_text="URLs from POST /api/upload/parts, or base64 images (data: URLs too)",
    )


class PartImagesOrderSerializer(BodySerializer):
    """A listing's photos in their new order."""

    image_ids = PhotoIdListField(
        child=serializers.UUIDField(),
        help_text="The listing's photo ids in the new order; the first is the cover",
    )


class UploadedFileSerializer(serializers.Serializer[Any]):
    filename = serializers.CharField()
    id = serializers.UUIDField()
    url = serializers.CharField()
    size = serializers.IntegerField()


class FailedUploadSerializer(serializers.Serializer[Any]):
    filename = serializers.CharField()
    error = serializers.CharField()


class UploadSerializer(serializers.Serializer[Any]):
    uploaded_files = UploadedFileSerializer(many=True)
    failed_uploads = FailedUploadSerializer(many=True)
