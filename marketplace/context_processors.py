"""Template context shared by every page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from allauth.account.utils import get_next_redirect_url
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def site(request: HttpRequest) -> dict[str, Any]:
    return {"SITE_NAME": "BanaYeni SanaEski", "SITE_URL": settings.SITE_URL}


def account_links(request: HttpRequest) -> dict[str, Any]:
    """The header's "Giriş Yap" and "Kayıt ol" bring the user back to the page they are on (on
    the account pages themselves: to the page they came from, if it is one of ours)."""
    login_url, signup_url = reverse("account_login"), reverse("account_signup")
    account_pages = login_url.rsplit("/", 2)[0] + "/"  # /hesap/
    if request.path.startswith(account_pages):
        back_to = get_next_redirect_url(request)
    elif request.path != "/":
        back_to = request.get_full_path()
    else:
        back_to = None
    query = f"?{urlencode({'next': back_to})}" if back_to else ""
    return {"header_login_url": login_url + query, "header_signup_url": signup_url + query}
