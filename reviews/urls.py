"""Reviews' pages."""

from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path(
        "hesabim/siparislerim/<uuid:order_id>/degerlendirme/",
        views.review_create_page,
        name="create",
    ),
    path("hesabim/degerlendirmeler/<uuid:review_id>/yanit/", views.review_reply_page, name="reply"),
    path("satici/<uuid:user_id>/", views.seller_profile_page, name="seller-profile"),
    path("satici/<uuid:user_id>/degerlendirmeler/", views.seller_reviews_page, name="seller"),
]
