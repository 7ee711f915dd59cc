"""Staff screens of payments: payout profiles, read-only and masked (identity numbers and IBAN
never in full, not even to staff). A limited or joint-stock company is verified here, after its
tax certificate (vergi levhası) was seen: KPS checks people, not companies."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError
from marketplace.models import User
from payments.models import PayoutProfile
from payments.selectors import payout_profile_view
from payments.services import payout_profile_business_verify


@admin.register(PayoutProfile)
class PayoutProfileAdmin(admin.ModelAdmin[PayoutProfile]):
    list_display = ("user", "sub_merchant_type", "identity_status", "city", "updated_at")
    list_filter = ("sub_merchant_type", "identity_status")
    search_fields = ("user__email", "company_title", "last_name")
    list_select_related = ("user",)
    ordering = ("-updated_at",)
    readonly_fields = (
        "id",
        "user",
        "kind",
        "sub_merchant_type",
        "first_name",
        "last_name",
        "company_title",
        "tax_office",
        "address",
        "city",
        "tckn_masked",
        "vkn_masked",
        "iban_masked",
        "identity_status",
        "identity_verified_at",
        "sub_merchant_key",
        "created_at",
        "updated_at",
    )
    fields = readonly_fields
    actions = ("verify_company",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[PayoutProfile]:
        return super().get_queryset(request).select_related("user")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("T.C. identity number"))
    def tckn_masked(self, profile: PayoutProfile) -> str:
        return payout_profile_view(profile).tckn_masked or "-"

    @admin.display(description=_("Tax identification number"))
    def vkn_masked(self, profile: PayoutProfile) -> str:
        return payout_profile_view(profile).vkn_masked or "-"

    @admin.display(description="IBAN")
    def iban_masked(self, profile: PayoutProfile) -> str:
        return payout_profile_view(profile).iban_masked or "-"

    @admin.action(description=_("Verify the company (tax certificate seen)"))
    def verify_company(self, request: HttpRequest, queryset: QuerySet[PayoutProfile]) -> None:
        staff: User = request.user  # type: ignore[assignment]
        verified = 0
        for profile in queryset:
            try:
                payout_profile_business_verify(profile_id=profile.pk, staff=staff)
            except DomainError as error:
                self.message_user(request, f"{profile}: {error.message}", messages.ERROR)
            else:
                verified += 1
        if verified:
            self.message_user(request, _("Companies verified: %d") % verified, messages.SUCCESS)
