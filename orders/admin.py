"""Orders in the admin: read-only, with their history and ledger; staff who may change orders
refund in full, or settle a dispute for the seller, through the actions (which call the services
and so iyzico)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError
from marketplace.models import User
from marketplace.money import parse_try
from orders.models import LedgerEntry, Order, OrderTransition
from orders.services import order_refund
from orders.services.payment import order_dispute_release


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OrderTransitionInline(_ReadOnlyInline):
    model = OrderTransition
    fields = ("created_at", "from_state", "to_state", "actor_role", "actor", "note")
    readonly_fields = fields


class LedgerEntryInline(_ReadOnlyInline):
    model = LedgerEntry
    fields = ("created_at", "kind", "account", "amount", "reference", "movement")
    readonly_fields = fields


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin[Order]):
    list_display = ("created_at", "part", "buyer", "seller", "state", "price", "shipping_fee")
    list_filter = ("state",)
    search_fields = ("id", "payment_id", "tracking_number", "buyer__email", "seller__email")
    date_hierarchy = "created_at"
    inlines = (OrderTransitionInline, LedgerEntryInline)
    actions = ("refund_in_full", "refund_part", "release_to_seller")
    exclude = ("checkout_token",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in Order._meta.fields if field.name != "checkout_token"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _each(self, request: HttpRequest, queryset: QuerySet[Order], act: Any) -> None:
        staff: User = request.user  # type: ignore[assignment]
        done = 0
        for order_id in queryset.values_list("pk", flat=True):
            try:
                act(order_id=order_id, staff=staff)
            except DomainError as error:
                self.message_user(request, f"{order_id}: {error.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request, _("%(count)d order(s) done.") % {"count": done}, messages.SUCCESS
            )

    @admin.action(description=_("Refund the buyer in full"), permissions=["change"])
    def refund_in_full(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        ip = request.META.get("REMOTE_ADDR") or "127.0.0.1"
        self._each(
            request,
            queryset,
            lambda order_id, staff: order_refund(order_id=order_id, actor=staff, ip=ip),
        )

    @admin.action(description=_("Refund part of the amount…"), permissions=["change"])
    def refund_part(self, request: HttpRequest, queryset: QuerySet[Order]) -> Any:
        """An intermediate page asks how much; the rest stays the seller's (settle it with
        "Settle the dispute for the seller")."""
        orders = list(queryset[:2])
        if len(orders) != 1:
            self.message_user(request, _("Choose exactly one order."), messages.ERROR)
            return None
        order = orders[0]
        error = ""
        if request.POST.get("amount") is not None:
            try:
                amount = parse_try(request.POST["amount"])
            except ValueError:
                error = str(_("Enter the amount as a number, e.g. 1250 or 1250,50."))
            else:
                staff: User = request.user  # type: ignore[assignment]
                ip = request.META.get("REMOTE_ADDR") or "127.0.0.1"
                try:
                    order_refund(order_id=order.pk, actor=staff, ip=ip, amount=amount)
                except DomainError as failure:
                    problems = [str(t) for texts in (failure.details or {}).values() for t in texts]
                    error = " ".join(problems) or str(failure.message)
                else:
                    self.message_user(request, _("Refunded."), messages.SUCCESS)
                    return None
        return TemplateResponse(
            request,
            "admin/orders/refund_part.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Refund part of the amount"),
                "order": order,
                "remaining": order.total - order.refunded_amount,
                "error": error,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )

    @admin.action(description=_("Settle the dispute for the seller"), permissions=["change"])
    def release_to_seller(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        self._each(request, queryset, order_dispute_release)
