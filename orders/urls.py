"""Orders' pages."""

from django.urls import path

from orders import views

app_name = "orders"

urlpatterns = [
    path("hesabim/siparislerim/", views.my_orders, name="list"),
    path("hesabim/siparislerim/<uuid:order_id>/", views.order_page, name="detail"),
    path("hesabim/siparislerim/<uuid:order_id>/islem/", views.order_action, name="action"),
    path("mesajlar/<uuid:conversation_id>/odeme-iste/", views.order_request_page, name="request"),
    path("odeme/donus/<uuid:order_id>/", views.payment_callback, name="payment-callback"),
]
