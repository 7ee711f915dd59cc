"""The logged-in user's own pages: profile and notification channels (/hesabim/), the KVKK data
export (/hesabim/verilerim/) and account deletion (/hesabim/hesabi-sil/)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from marketplace.cities import PROVINCES_ALPHABETICAL
from marketplace.client_ip import client_ip
from marketplace.errors import DomainError
from marketplace.models import ConsentKind, User
from marketplace.selectors import consent_current, user_data_export
from marketplace.services.avatars import AVATAR_MAX_BYTES, user_avatar_remove, user_avatar_set
from marketplace.services.privacy import account_delete_by_user, consents_update
from marketplace.services.users import user_profile_update


def _first_problem(error: DomainError) -> str:
    problems = [str(m) for field in (error.details or {}).values() for m in field]
    return problems[0] if problems else str(error.message)


def _checked(request: HttpRequest, name: str) -> bool:
    return request.POST.get(name) in {"on", "1", "true"}


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    errors: dict[str, Any] = {}
    if request.method == "POST":
        try:
            user_profile_update(
                user=user,
                ip_address=client_ip(request),
                display_name=request.POST.get("display_name", ""),
                city=request.POST.get("city", ""),
                notify_email=_checked(request, "notify_email"),
                notify_sms=_checked(request, "notify_sms"),
                notify_whatsapp=_checked(request, "notify_whatsapp"),
            )
            consents_update(
                user=user,
                answers={
                    ConsentKind.MARKETING: _checked(request, "consent_marketing"),
                    ConsentKind.ANALYTICS: _checked(request, "consent_analytics"),
                },
                ip_address=client_ip(request),
            )
        except DomainError as error:
            errors = error.details or {"form": [str(error.message)]}
        else:
            messages.success(request, gettext("Your profile has been saved"))
            return redirect("marketplace:profile")
    consents = consent_current(user=user)
    return render(
        request,
        "marketplace/profile.html",
        {
            "profile_user": user,
            "errors": errors,
            "provinces": PROVINCES_ALPHABETICAL,
            "marketing_consent": consents.get(ConsentKind.MARKETING, False),
            "analytics_consent": consents.get(ConsentKind.ANALYTICS, False),
            "avatar_max_kb": AVATAR_MAX_BYTES // 1024,
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def avatar_change(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if request.POST.get("action") == "remove":
        user_avatar_remove(user=user)
        messages.success(request, gettext("Your profile photo has been removed"))
        return redirect("marketplace:profile")
    upload = request.FILES.get("avatar")
    if upload is None:
        messages.error(request, gettext("Choose a photo first."))
        return redirect("marketplace:profile")
    try:
        user_avatar_set(user=user, data=upload.read(AVATAR_MAX_BYTES + 1))
    except DomainError as error:
        messages.error(request, _first_problem(error))
    else:
        messages.success(request, gettext("Your profile photo has been saved"))
    return redirect("marketplace:profile")


@login_required
@require_safe
def data_export(request: HttpRequest) -> HttpResponse:
    """Downloads everything we hold about the user as one JSON file."""
    data = user_data_export(user=request.user)  # type: ignore[arg-type]
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"banayeni-verilerim-{timezone.localdate():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete_page(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    error = ""
    if request.method == "POST":
        if not _checked(request, "confirm"):
            error = gettext("Please confirm that you want to delete your account.")
        else:
            try:
                account_delete_by_user(user=user, password=request.POST.get("password", ""))
            except DomainError as refused:
                error = _first_problem(refused)
            else:
                logout(request)
                messages.success(request, gettext("Your account has been deleted."))
                return redirect("/")  # the home page
    return render(
        request,
        "marketplace/account_delete.html",
        {"error": error, "needs_password": user.has_usable_password()},
        status=400 if error else 200,
    )
