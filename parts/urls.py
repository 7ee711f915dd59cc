"""The catalogue's pages."""

from django.urls import URLPattern, path

from parts import views

app_name = "parts"

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("parcalar/", views.part_results, name="results"),
    path("parca/<str:slug>/", views.part_detail, name="detail"),
    path("parca/<str:slug>/duzenle/", views.part_edit_page, name="edit"),
    path("parca/<str:slug>/fotograflar/", views.part_photo_action, name="photo-action"),
    path("ilan-ver/", views.part_create_page, name="create"),
    path("hesabim/ilanlarim/", views.my_listings, name="my-listings"),
    path("hesabim/ilanlarim/<uuid:part_id>/", views.my_listing_action, name="my-listing-action"),
]
