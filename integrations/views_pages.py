"""The unsubscribe page of notification e-mails (no login: the signed link is the proof)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from integrations.unsubscribe import email_unsubscribe, unsubscribe_user


@csrf_exempt  # RFC 8058 one-click POSTs come from mail providers; the signed token authorises
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    user = unsubscribe_user(token)
    if user is None:
        return render(request, "integrations/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        email_unsubscribe(user=user)
        return render(request, "integrations/unsubscribe.html", {"done": True})
    return render(request, "integrations/unsubscribe.html", {"token": token})
