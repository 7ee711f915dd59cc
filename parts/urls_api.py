"""API routes of the parts catalogue."""

from django.urls import URLPattern

from marketplace.api.routing import api_route
from parts.api import (
    MyPartListView,
    PartDetailView,
    PartImageDetailView,
    PartImagesView,
    PartImageUploadView,
    PartListCreateView,
    PartRenewView,
)

urlpatterns: list[URLPattern] = [
    api_route("parts", PartListCreateView.as_view(), name="part-list"),
    api_route("me/parts", MyPartListView.as_view(), name="my-part-list"),
    api_route("parts/<str:part_id>", PartDetailView.as_view(), name="part-detail"),
    api_route("parts/<str:part_id>/images", PartImagesView.as_view(), name="part-images"),
    api_route("parts/<str:part_id>/renew", PartRenewView.as_view(), name="part-renew"),
    api_route(
        "parts/<str:part_id>/images/<str:image_id>",
        PartImageDetailView.as_view(),
        name="part-image-detail",
    ),
    api_route("upload/parts", PartImageUploadView.as_view(), name="part-image-upload"),
]
