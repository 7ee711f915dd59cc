"""DRF endpoints of the parts catalogue: search, create, detail, update, delete, photo upload."""

from __future__ import annotations

import time
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from interests.selectors import interest_get_for_part
from marketplace.api.fields import PagingQuerySerializer, input_validated
from marketplace.api.parsers import MultiPartParser
from marketplace.api.responses import api_success, pagination_data
from marketplace.api.schema import envelope
from marketplace.errors import DomainError, ErrorCode
from marketplace.images import MAX_UPLOAD_BYTES, ImageRejected
from marketplace.response_cache import response_cache_allow
from parts.error_codes import PartErrorCode
from parts.filters import PartSearchFilters, PartSearchQuerySerializer, part_search_filters_parse
from parts.models import Part, PartStatus
from parts.search_cache import VERSION_KEY as SEARCH_VERSION_KEY
from parts.search_cache import search_results_cached
from parts.selectors import (
    SearchPage,
    part_get_visible,
    part_id_parse,
    part_list_for_seller,
    part_search_page,
    part_similar,
)
from parts.serializers import (
    MyPartListSerializer,
    PartCreatedSerializer,
    PartDeletedSerializer,
    PartDetailSerializer,
    PartImagesAddSerializer,
    PartImagesOrderSerializer,
    PartOnlySerializer,
    PartSearchSerializer,
    PartUpdateSerializer,
    PartWriteSerializer,
    UploadSerializer,
    part_data,
    seller_info_data,
)
from parts.services import (
    part_create_with_photos,
    part_delete,
    part_image_upload,
    part_image_url,
    part_renew,
    part_status_change,
    part_update,
)
from parts.services.analytics import part_search_recorded
from parts.services.gallery import part_image_delete, part_images_add, part_images_reorder

MAX_FILES_PER_UPLOAD = 5


def _search_answer(filters: PartSearchFilters, page: SearchPage) -> dict[str, Any]:
    return {
        "parts": [part_data(part) for part in page.parts],
        "pagination": {
            "total": page.total,
            "limit": filters.limit,
            "offset": filters.offset,
            "has_more": filters.offset + len(page.parts) < page.total or not page.total_is_exact,
            "total_is_exact": page.total_is_exact,
        },
        "search_info": {
            "query": filters.search,
            "execution_time_ms": page.execution_time_ms,
            "total_results": page.total,
        },
    }


class PartListCreateView(APIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    throttle_categories = {"GET": "search", "POST": "part_create"}
    api_error_statuses = (400,)  # invalid search parameters

    @extend_schema(
        operation_id="parts_search",
        summary="Search parts",
        parameters=[PartSearchQuerySerializer],
        responses={200: envelope(PartSearchSerializer(), name="PartSearchEnvelope")},
    )
    def get(self, request: Request) -> Response:
        started = time.perf_counter()
        filters = part_search_filters_parse(request.query_params)
        if request.user.is_authenticated:
            page = part_search_page(filters=filters, viewer=request.user)
            part_search_recorded(user=request.user, filters=filters, total=page.total)
            return api_success(_search_answer(filters, page))
        results = search_results_cached(
            filters=filters,
            compute=lambda: _search_answer(filters, part_search_page(filters=filters)),
            fresh="no-cache" in request.headers.get("Cache-Control", ""),
        )
        answer = results.answer
        if results.from_cache:  # this request's search took only the cache look-up
            elapsed = round((time.perf_counter() - started) * 1000, 2)
            answer = {
                **answer,
                "search_info": {**answer["search_info"], "execution_time_ms": elapsed},
            }
        response = api_success(answer)
        if results.version is not None:
            # Visitors' searches are alike for everyone: replayed whole until the catalogue moves.
            response_cache_allow(
                response,
                seconds=settings.SEARCH_CACHE_SECONDS,
                version_key=SEARCH_VERSION_KEY,
                version=results.version,
                elapsed_field="execution_time_ms",
            )
        return response

    @extend_schema(
        operation_id="parts_create",
        summary="Create a listing",
        request=PartWriteSerializer,
        responses={201: envelope(PartCreatedSerializer(), name="PartCreatedEnvelope")},
    )
    def post(self, request: Request) -> Response:
        body = input_validated(PartWriteSerializer, request.data)
        photos = body.pop("images", [])
        part, references = part_create_with_photos(
            seller=request.user,  # type: ignore[arg-type]
            data=body,
            photos=photos,
        )
        part = part_get_visible(part_id=part.id, viewer=request.user)  # type: ignore[arg-type]
        data: dict[str, Any] = {"part": part_data(part)}
        if photos:
            data["upload_results"] = {
                "uploaded_images": references.uploaded,
                "failed_uploads": references.failed,
            }
        return api_success(data, message=_("Part listing created"), status=201)


class PartDetailView(APIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    api_error_statuses = (404,)

    @extend_schema(
        operation_id="parts_retrieve",
        summary="A listing with its seller and similar parts",
        responses={200: envelope(PartDetailSerializer(), name="PartDetailEnvelope")},
    )
    def get(self, request: Request, part_id: str) -> Response:
        viewer = request.user if request.user.is_authenticated else None
        part = part_get_visible(part_id=part_id_parse(part_id), viewer=viewer)
        data: dict[str, Any] = {
            "part": part_data(part),
            "seller_info": seller_info_data(part),
            "similar_parts": [
                part_data(similar) for similar in part_similar(part=part, viewer=viewer)
            ],
            "user_can_express_interest": False,
        }
        if viewer is not None:
            interest = interest_get_for_part(user=viewer, part_id=part.id)
            if interest is not None:
                data["user_already_interested"] = interest.type
            data["user_can_express_interest"] = (
                interest is None and part.seller_id != viewer.pk and part.is_public
            )
        return api_success(data)

    @extend_schema(
        operation_id="parts_update",
        summary="Update a listing (owner; only the fields sent change)",
        request=PartUpdateSerializer(partial=True),
        responses={200: envelope(PartOnlySerializer(), name="PartUpdatedEnvelope")},
    )
    def put(self, request: Request, part_id: str) -> Response:
        part = self._owned(request, part_id)
        body = input_validated(PartUpdateSerializer, request.data, partial=True)
        if body.pop("images", None):
            raise DomainError(
                ErrorCode.VALIDATION_ERROR,
                details={"images": [gettext("Add photos with POST /api/parts/{id}/images.")]},
            )
        fields = {name: value for name, value in body.items() if name != "status"}
        with transaction.atomic():  # a refused status keeps the fields sent with it unchanged
            part = part_update(part=part, actor=request.user, data=fields)  # type: ignore[arg-type]
            if "status" in body:
                # The same rules as the page's buttons (owner transitions only).
                part = part_status_change(
                    part=part,
                    actor=request.user,  # type: ignore[arg-type]
                    status=str(body["status"]),
                )
        part = part_get_visible(part_id=part.id, viewer=request.user)  # type: ignore[arg-type]
        return api_success({"part": part_data(part)}, message=_("Part updated"))

    @extend_schema(
        operation_id="parts_delete",
        summary="Delete a listing (owner; soft delete)",
        responses={200: envelope(PartDeletedSerializer(), name="PartDeletedEnvelope")},
    )
    def delete(self, request: Request, part_id: str) -> Response:
        part = self._owned(request, part_id)
        part_delete(part=part, actor=request.user)  # type: ignore[arg-type]
        return api_success({"id": str(part.id)}, message=_("Part listing deleted"))

    def _owned(self, request: Request, part_id: str) -> Part:
        return _owned_part(request, part_id)


def _owned_part(request: Request, part_id: str) -> Part:
    part = Part.objects.filter(pk=part_id_parse(part_id)).exclude(status=PartStatus.DELETED).first()
    if part is None:
        raise DomainError(PartErrorCode.PART_NOT_FOUND)
    if part.seller_id != request.user.pk:
        raise DomainError(ErrorCode.FORBIDDEN)
    return part


def _image_id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise DomainError(PartErrorCode.PART_IMAGE_NOT_FOUND) from None


def _part_answer(request: Request, part: Part) -> dict[str, Any]:
    return part_data(part_get_visible(part_id=part.id, viewer=request.user))  # type: ignore[arg-type]


class PartImagesView(APIView):
    """A listing's gallery: photos added after creation, and the order (the first is the cover)."""

    permission_classes = [permissions.IsAuthenticated]
    api_error_statuses = (400, 403, 404)

    @extend_schema(
        operation_id="parts_images_add",
        summary="Add photos to a listing (owner; upload URLs or base64, after the others)",
        request=PartImagesAddSerializer,
        responses={200: envelope(PartCreatedSerializer(), name="PartImagesAddedEnvelope")},
    )
    def post(self, request: Request, part_id: str) -> Response:
        part = _owned_part(request, part_id)
        photos = input_validated(PartImagesAddSerializer, request.data)["images"]
        references = part_images_add(part=part, actor=request.user, photos=photos)  # type: ignore[arg-type]
        data = {
            "part": _part_answer(request, part),
            "upload_results": {
                "uploaded_images": references.uploaded,
                "failed_uploads": references.failed,
            },
        }
        return api_success(data, message=_("Part updated"))

    @extend_schema(
        operation_id="parts_images_reorder",
        summary="Reorder a listing's photos (owner; the first is the cover)",
        request=PartImagesOrderSerializer,
        responses={200: envelope(PartOnlySerializer(), name="PartImagesOrderedEnvelope")},
    )
    def put(self, request: Request, part_id: str) -> Response:
        part = _owned_part(request, part_id)
        image_ids = input_validated(PartImagesOrderSerializer, request.data)["image_ids"]
        part_images_reorder(part=part, actor=request.user, image_ids=image_ids)  # type: ignore[arg-type]
        return api_success({"part": _part_answer(request, part)}, message=_("Part updated"))


class MyPartListView(APIView):
    """GET /api/me/parts: the seller's own listings in every state but deleted."""

    permission_classes = [permissions.IsAuthenticated]
    api_error_statuses = (400,)  # invalid limit or offset

    @extend_schema(
        operation_id="me_parts_list",
        summary="My listings, newest first, with status, views and interested buyers",
        parameters=[PagingQuerySerializer],
        responses={200: envelope(MyPartListSerializer(), name="MyPartListEnvelope")},
    )
    def get(self, request: Request) -> Response:
        query = input_validated(PagingQuerySerializer, request.query_params)
        limit, offset = query["limit"], query["offset"]
        listings = part_list_for_seller(seller=request.user)  # type: ignore[arg-type]
        total = listings.count()
        page = list(listings[offset : offset + limit])
        return api_success(
            {
                "parts": [
                    {
                        "part": part_data(part),
                        "view_count": part.view_count,
                        "interested_count": part.interested_count,  # type: ignore[attr-defined]
                    }
                    for part in page
                ],
                "pagination": pagination_data(
                    total=total, limit=limit, offset=offset, count=len(page)
                ),
            }
        )


class PartRenewView(APIView):
    """POST /api/parts/{id}/renew: the owner keeps a listing live for another period."""

    permission_classes = [permissions.IsAuthenticated]
    api_error_statuses = (403, 404, 409)

    @extend_schema(
        operation_id="parts_renew",
        summary="Renew a listing (owner): live for PART_LIFETIME_DAYS more; an expired one "
        "goes live again",
        request=None,
        responses={200: envelope(PartOnlySerializer(), name="PartRenewedEnvelope")},
    )
    def post(self, request: Request, part_id: str) -> Response:
        part = part_renew(part=_owned_part(request, part_id), actor=request.user)  # type: ignore[arg-type]
        return api_success({"part": _part_answer(request, part)}, message=_("Listing renewed"))


class PartImageDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    api_error_statuses = (403, 404)

    @extend_schema(
        operation_id="parts_images_delete",
        summary="Delete one photo of a listing (owner)",
        responses={200: envelope(PartOnlySerializer(), name="PartImageDeletedEnvelope")},
    )
    def delete(self, request: Request, part_id: str, image_id: str) -> Response:
        part = _owned_part(request, part_id)
        part_image_delete(part=part, actor=request.user, image_id=_image_id(image_id))  # type: ignore[arg-type]
        return api_success({"part": _part_answer(request, part)}, message=_("Photo deleted"))


class PartImageUploadView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser]
    throttle_category = "upload"

    @extend_schema(
        operation_id="parts_upload_images",
        summary="Upload part photos (multipart, up to 5 files of 2 MB)",
        request={
            "multipart/form-data": {
                "type": "object",
                "additionalProperties": {"type": "string", "format": "binary"},
            }
        },
        responses={201: envelope(UploadSerializer(), name="UploadEnvelope")},
    )
    def post(self, request: Request) -> Response:
        # Every file of every field: `image1`…`image5` as in the contract, and several files
        # under one name (`images` sent more than once) alike.
        files = [file for _field, field_files in request.FILES.lists() for file in field_files]
        if not files:
            raise DomainError(
                ErrorCode.VALIDATION_ERROR, details={"files": [gettext("Choose a photo.")]}
            )
        uploaded: list[dict[str, Any]] = []
        failed: list[dict[str, str]] = []
        for index, file in enumerate(files):
            name = (file.name or "foto")[:100]
            if index >= MAX_FILES_PER_UPLOAD:
                failed.append({"filename": name, "error": str(_too_many_files())})
                continue
            if file.size is not None and file.size > MAX_UPLOAD_BYTES:
                failed.append({"filename": name, "error": gettext("The file is larger than 2 MB.")})
                continue
            try:
                image = part_image_upload(
                    uploader=request.user,  # type: ignore[arg-type]
                    data=file.read(),
                )
            except ImageRejected as error:
                failed.append({"filename": name, "error": str(error.message)})
                continue
            uploaded.append(
                {
                    "filename": name,
                    "id": str(image.id),
                    "url": part_image_url(image),
                    "size": image.size,
                }
            )
        if not uploaded:
            raise DomainError(ErrorCode.VALIDATION_ERROR, details={"failed_uploads": failed})
        return api_success(
            {"uploaded_files": uploaded, "failed_uploads": failed},
            message=gettext("%(count)d photo(s) uploaded") % {"count": len(uploaded)},
            status=201,
        )


def _too_many_files() -> str:
    return gettext("At most %(count)d files can be uploaded at once.") % {
        "count": MAX_FILES_PER_UPLOAD
    }
