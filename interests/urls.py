"""Pages of interest-gating."""

from django.urls import URLPattern, path

from interests import views

app_name = "interests"

urlpatterns: list[URLPattern] = [
    path("parca/<uuid:part_id>/ilgi/", views.interest_express_page, name="express"),
    path("hesabim/ilgilerim/", views.interest_history, name="history"),
    path(
        "hesabim/ilgilerim/<uuid:interest_id>/geri-al/",
        views.interest_withdraw_page,
        name="withdraw",
    ),
    path(
        "hesabim/ilanlarim/<uuid:part_id>/ilgilenenler/",
        views.part_interest_list,
        name="part-interests",
    ),
    path(
        "hesabim/ilgilenenler/<uuid:conversation_id>/telefon-paylas/",
        views.seller_phone_share_page,
        name="share-phone",
    ),
]
