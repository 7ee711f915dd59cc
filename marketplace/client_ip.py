"""The client's IP address, read the way the API's rate limits read it (NUM_PROXIES aware)."""

from __future__ import annotations

import ipaddress

from django.http import HttpRequest
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle


def client_ip(request: HttpRequest | Request) -> str | None:
    """The address to count and record, or None when it is not a valid IP address."""
    # get_ident reads only request.META, which Django and DRF requests both have.
    ident = BaseThrottle().get_ident(request)  # type: ignore[arg-type]
    try:
        return str(ipaddress.ip_address(ident.strip()))
    except ValueError:
        return None
