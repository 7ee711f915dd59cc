"""Pages of one-time SMS codes: log in with a phone number, and verify your own number.

Both are two steps on one page: type the number (a code is texted), then type the code. The
number waiting for its code is kept in the session; no JavaScript is needed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from marketplace.client_ip import client_ip
from marketplace.errors import DomainError, ErrorCode
from marketplace.models import PhoneOtpPurpose, User
from marketplace.phone import format_phone_display
from marketplace.services.phone_codes import phone_code_request, phone_code_verify

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
_PENDING_KEY = {
    PhoneOtpPurpose.LOGIN: "phone_login_pending",
    PhoneOtpPurpose.VERIFY: "phone_verify_pending",
}


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _errors(error: DomainError, field: str) -> dict[str, list[str]]:
    """The page's error list per field: the field's own message, else the code's message."""
    details = error.details or {}
    messages_for_field = details.get(field)
    if isinstance(messages_for_field, list) and messages_for_field:
        errors = {field: [str(message) for message in messages_for_field]}
    else:
        errors = {field: [str(error.message)]}
    attempts_left = details.get("attempts_left")
    if error.code == ErrorCode.OTP_INVALID and attempts_left:
        errors[field].append(
            gettext("Attempts left for this code: %(count)d") % {"count": attempts_left}
        )
    return errors


def _code_flow(
    request: HttpRequest, *, purpose: PhoneOtpPurpose, template: str, context: dict[str, Any]
) -> HttpResponse:
    """Both steps for `purpose`: the page, or a redirect after each step that succeeded."""
    user: User | None = request.user if request.user.is_authenticated else None
    pending_key = _PENDING_KEY[purpose]
    errors: dict[str, list[str]] = {}
    status = 200
    phone_value = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "change":
            request.session.pop(pending_key, None)
            return redirect(request.get_full_path())
        if action == "request":
            phone_value = request.POST.get("phone", "").strip()
            if not phone_value and request.POST.get("resend"):
                phone_value = request.session.get(pending_key, "")
            try:
                requested = phone_code_request(
                    phone=phone_value, purpose=purpose, ip_address=client_ip(request), user=user
                )
            except DomainError as error:
                errors, status = _errors(error, "phone"), error.status
            else:
                request.session[pending_key] = requested.phone
                messages.success(request, gettext("Verification code sent"))
                return redirect(request.get_full_path())
        elif action == "verify" and request.session.get(pending_key):
            phone = request.session[pending_key]
            try:
                account = phone_code_verify(
                    phone=phone, code=request.POST.get("code", ""), purpose=purpose, user=user
                )
            except DomainError as error:
                errors, status = _errors(error, "code"), error.status
                if error.code in {ErrorCode.OTP_EXPIRED, ErrorCode.OTP_ATTEMPTS_EXCEEDED}:
                    errors["code"].append(gettext("Use “Send a new code” below."))
            else:
                request.session.pop(pending_key, None)
                if purpose == PhoneOtpPurpose.LOGIN:
                    login(request, account, backend=MODEL_BACKEND)
                    messages.success(request, gettext("Logged in successfully"))
                    return redirect(_next_url(request))
                messages.success(request, gettext("Your phone number has been verified"))
                return redirect(request.get_full_path())
        else:
            errors, status = {"phone": [gettext("Please enter your phone number.")]}, 400
    pending = request.session.get(pending_key, "")
    return render(
        request,
        template,
        {
            **context,
            "pending_phone": format_phone_display(pending) if pending else "",
            "phone_value": phone_value,
            "errors": errors,
            "next": request.POST.get("next") or request.GET.get("next") or "",
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def phone_login(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    return _code_flow(
        request,
        purpose=PhoneOtpPurpose.LOGIN,
        template="marketplace/phone_login.html",
        context={},
    )


@login_required
@require_http_methods(["GET", "POST"])
def phone_verify(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]  # login_required
    return _code_flow(
        request,
        purpose=PhoneOtpPurpose.VERIFY,
        template="marketplace/phone_verify.html",
        context={
            "current_phone": format_phone_display(user.phone) if user.phone else "",
            "phone_verified": bool(user.phone and user.phone_verified_at),
        },
    )
