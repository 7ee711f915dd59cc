"""The chat's pages, mounted at /mesajlar/."""

from django.urls import URLPattern, path

from messaging import views

app_name = "messaging"

urlpatterns: list[URLPattern] = [
    path("", views.inbox, name="inbox"),
    path("<uuid:conversation_id>/", views.conversation_page, name="conversation"),
    path("<uuid:conversation_id>/kapat/", views.conversation_close, name="close"),
    path("<uuid:conversation_id>/engelle/", views.conversation_block, name="block"),
    path("<uuid:conversation_id>/engeli-kaldir/", views.conversation_unblock, name="unblock"),
    path("<uuid:conversation_id>/sikayet/", views.conversation_report, name="report"),
    path("ilan-sikayet/<uuid:part_id>/", views.part_report, name="part-report"),
]
