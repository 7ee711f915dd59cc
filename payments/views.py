"""The payout-details page (/hesap/odeme-bilgileri/): the same service and masked view as the
API."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from marketplace.cities import PROVINCES_ALPHABETICAL
from marketplace.errors import DomainError
from marketplace.models import User
from payments.models import PayoutProfileKind, SubMerchantType
from payments.selectors import payout_profile_for_user
from payments.services import SAVED_MESSAGE, payout_profile_save

# The page asks one question for both: the kind follows from the type.
TYPED_FIELDS = (
    "sub_merchant_type",
    "first_name",
    "last_name",
    "tckn",
    "birth_year",
    "vkn",
    "tax_office",
    "company_title",
    "iban",
    "address",
    "city",
)


@login_required
@require_http_methods(["GET", "POST"])
def payout_profile_page(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    profile = payout_profile_for_user(user=user)
    errors: dict[str, Any] = {}
    if request.method == "POST":
        # Secrets are never put back into the form: what was typed stays only in other fields.
        values = {field: request.POST.get(field, "") for field in TYPED_FIELDS}
        sub_merchant_type = values["sub_merchant_type"]
        values["kind"] = (
            PayoutProfileKind.INDIVIDUAL
            if sub_merchant_type in ("", SubMerchantType.PERSONAL)
            else PayoutProfileKind.BUSINESS
        )
        try:
            payout_profile_save(user=user, data=values)
        except DomainError as error:
            errors = error.details or {"form": [str(error.message)]}
        else:
            messages.success(request, str(SAVED_MESSAGE))
            return redirect("payments:payout-profile")
    else:
        values = _values_of(profile)
    return render(
        request,
        "payments/payout_profile.html",
        {
            "profile": profile,
            "values": values,
            "errors": errors,
            "provinces": PROVINCES_ALPHABETICAL,
            "types": SubMerchantType.choices,
        },
        status=400 if errors else 200,
    )


def _values_of(profile: Any) -> dict[str, Any]:
    if profile is None:
        return {"sub_merchant_type": SubMerchantType.PERSONAL}
    return {
        "sub_merchant_type": profile.sub_merchant_type,
        "first_name": profile.first_name,
        "last_name": profile.last_name,
        "tax_office": profile.tax_office,
        "company_title": profile.company_title,
        "address": profile.address,
        "city": profile.city,
    }
