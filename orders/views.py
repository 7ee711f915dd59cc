"""Orders' pages: the list under "Hesabım", one order with its buttons, the payment request form
on a conversation, and iyzico's return to the site after the payment page."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from marketplace.client_ip import client_ip
from marketplace.errors import DomainError
from marketplace.models import User
from messaging.error_codes import MessagingErrorCode
from messaging.selectors import conversation_path
from messaging.services import conversation_get_for_participant
from orders import services
from orders.error_codes import OrderErrorCode
from orders.forms import OrderCheckoutForm, OrderRequestForm, OrderShipForm
from orders.models import OrderState, ReturnReason
from orders.selectors import (
    order_allowed_actions,
    order_for_conversation,
    order_get_for_participant,
    order_history,
    order_list_for_user,
    order_panels,
    order_shipment,
)
from payments.selectors import iyzico_payment_page_origins

PAGE_SIZE = 30


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _error_text(error: DomainError) -> str:
    problems = [str(text) for texts in (error.details or {}).values() for text in texts]
    return " ".join([str(error.message), *problems]) if problems else str(error.message)


@login_required
@require_safe
def my_orders(request: HttpRequest) -> HttpResponse:
    role = request.GET.get("rol")
    page = order_list_for_user(
        user=_user(request),
        role={"alici": "buyer", "satici": "seller"}.get(role or ""),
        limit=PAGE_SIZE,
        offset=0,
    )
    return render(request, "orders/list.html", {"orders": page.orders, "role": role})


def _order_page(request: HttpRequest, order_id: uuid.UUID, **forms: Any) -> HttpResponse:
    user = _user(request)
    try:
        order = order_get_for_participant(order_id=order_id, user=user)
    except DomainError:
        raise Http404 from None
    actions = order_allowed_actions(order=order, viewer=user)
    shipment = order_shipment(order=order)
    context = {
        "order": order,
        "history": order_history(order=order),
        "actions": actions,
        "is_seller": user.pk == order.seller_id,
        "conversation_url": conversation_path(order.conversation_id),
        "payment": request.GET.get("odeme", ""),
        "checkout_form": forms.get("checkout_form")
        or OrderCheckoutForm(initial={"name": user.display_name, "phone": user.phone or ""}),
        "ship_form": forms.get("ship_form") or OrderShipForm(),
        "return_reasons": ReturnReason.choices,
        "return_photos": list(order.return_photos.all()),
        "panels": order_panels(request=request, order=order, viewer=user),
        "carrier_name": shipment.carrier_name or order.carrier,
        "tracking_url": shipment.tracking_url,
    }
    response = render(request, "orders/detail.html", context, status=400 if forms else 200)
    if "checkout" in actions:
        # "Pay securely" posts here and is redirected to iyzico's page: CSP form-action applies
        # to that redirect too (Chromium enforces it), so iyzico's page origin is allowed.
        response._csp_update = {"form-action": iyzico_payment_page_origins()}  # type: ignore[attr-defined]
    return response


@login_required
@require_safe
def order_page(request: HttpRequest, order_id: uuid.UUID) -> HttpResponse:
    return _order_page(request, order_id)


@login_required
@require_POST
def order_action(request: HttpRequest, order_id: uuid.UUID) -> HttpResponseBase:
    """The buttons of the order page: checkout, ship, confirm, cancel."""
    user = _user(request)
    action = request.POST.get("action", "")
    ip = client_ip(request) or "127.0.0.1"
    try:
        order_get_for_participant(order_id=order_id, user=user)  # strangers: 404 first
        if action == "checkout":
            form = OrderCheckoutForm(request.POST)
            if not form.is_valid():
                return _order_page(request, order_id, checkout_form=form)
            session = services.order_checkout(
                order_id=order_id, buyer=user, delivery=form.delivery(), ip=ip
            )
            return redirect(session.payment_page_url)
        if action == "ship":
            ship_form = OrderShipForm(request.POST)
            if not ship_form.is_valid():
                return _order_page(request, order_id, ship_form=ship_form)
            services.order_ship(order_id=order_id, seller=user, **ship_form.cleaned_data)
            messages.success(request, gettext("Shipment recorded"))
        elif action == "confirm":
            services.order_confirm(order_id=order_id, buyer=user)
            messages.success(request, gettext("Thank you! The seller's payment is released."))
        elif action == "cancel":
            services.order_cancel(order_id=order_id, actor=user, ip=ip)
            messages.success(request, gettext("Order cancelled"))
        elif action == "return":
            services.order_return_request(
                order_id=order_id,
                buyer=user,
                reason=request.POST.get("reason", ""),
                description=request.POST.get("description", ""),
                photos=[photo.read() for photo in request.FILES.getlist("photos")],
            )
            messages.success(request, gettext("Return requested"))
        elif action == "return_accept":
            services.order_return_accept(order_id=order_id, seller=user)
            messages.success(request, gettext("Return accepted"))
        elif action == "return_refuse":
            services.order_return_refuse(
                order_id=order_id, seller=user, note=request.POST.get("note", "")
            )
            messages.success(request, gettext("Return refused; our team will review the order."))
        elif action == "return_received":
            services.order_return_received(order_id=order_id, seller=user, ip=ip)
            messages.success(request, gettext("The buyer's money was refunded."))
        else:
            raise DomainError(OrderErrorCode.ORDER_ACTION_NOT_ALLOWED)
    except DomainError as error:
        if error.code == OrderErrorCode.ORDER_NOT_FOUND:
            raise Http404 from None
        messages.error(request, _error_text(error))
    return redirect("orders:detail", order_id=order_id)


@login_required
@require_POST
def order_request_page(request: HttpRequest, conversation_id: uuid.UUID) -> HttpResponseBase:
    """The seller's payment request form on the conversation page."""
    try:
        conversation_get_for_participant(conversation_id=conversation_id, user=_user(request))
    except DomainError:
        raise Http404 from None
    form = OrderRequestForm(request.POST)
    back = conversation_path(conversation_id)
    if not form.is_valid():
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, str(problem))
        return redirect(back)
    try:
        services.order_request(
            conversation_id=conversation_id, seller=_user(request), **form.cleaned_data
        )
    except DomainError as error:
        if error.code == MessagingErrorCode.CONVERSATION_NOT_FOUND:
            raise Http404 from None
        messages.error(request, _error_text(error))
    else:
        messages.success(request, gettext("Payment request sent"))
    return redirect(back)


@csrf_exempt  # iyzico's page posts the token here from its own site (no session, no CSRF token)
@require_POST
def payment_callback(request: HttpRequest, order_id: uuid.UUID) -> HttpResponseBase:
    """The buyer's browser returns from iyzico's payment page with the checkout token. Nothing
    here is trusted: the payment is retrieved from iyzico and its signature checked."""
    outcome = "basarili"
    try:
        order = services.order_payment_confirm(
            order_id=order_id, token=request.POST.get("token", "")
        )
        if order.state == OrderState.AWAITING_PAYMENT:
            outcome = "basarisiz"
    except DomainError as error:
        if error.code == OrderErrorCode.ORDER_NOT_FOUND:
            raise Http404 from None
        outcome = (
            "beklemede"
            if error.code == OrderErrorCode.PAYMENT_PROVIDER_UNAVAILABLE
            else "basarisiz"
        )
    # A plain GET (SameSite session cookies come along again) to the order's page.
    return redirect(reverse("orders:detail", kwargs={"order_id": order_id}) + f"?odeme={outcome}")


def conversation_order_panel(request: HttpRequest, conversation: Any, viewer: User) -> str:
    """The Güvenli Ödeme card on a conversation: the latest order, or the seller's request form."""
    order = order_for_conversation(conversation_id=conversation.pk)
    return render_to_string(
        "orders/_conversation_card.html",
        {
            "order": order,
            "actions": order_allowed_actions(order=order, viewer=viewer) if order else [],
            "is_seller": viewer.pk == conversation.seller_id,
            "conversation": conversation,
            "request_form": OrderRequestForm(initial={"price": conversation.part.price}),
            "open": order is not None
            and order.state
            not in (OrderState.COMPLETED, OrderState.CANCELLED, OrderState.REFUNDED),
        },
        request=request,
    )
