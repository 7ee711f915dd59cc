"""The client's IP address, read the way the API's rate limits read it (NUM_PROXIES aware)."""

from __future__ import annotations

import ipaddress

from django.http import HttpRequest
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest | Request) -> str | None:
    """The address to count and record.

    A forwarded-for value that is not one address (a list, garbage) falls back to the socket's
    address, so a made-up header can never switch per-IP limits off.
    """
    # get_ident reads only request.META, which Django and DRF requests both have.
    ident = BaseThrottle().get_ident(request)  # type: ignore[arg-type]
    return _valid_ip(ident) or _valid_ip(request.META.get("REMOTE_ADDR", ""))
