"""Calling iyzico through the real iyzipay 1.0.46 resources, with the two things the library
lacks: a timeout, and headers that belong to one call.

iyzipay keeps `header` as a class attribute of IyzipayResource and `update()`s it with each call's
Authorization and x-iyzi-rnd, so two threads share (and overwrite) one dict. Each call here uses a
fresh resource whose `header` is its own copy. The library opens `self.httplib.HTTPSConnection(
options['base_url'])` with no timeout; `self.httplib` is replaced per call by a factory that opens
the connection with our timeout (and plain HTTP for an http:// base URL, the local sandbox).
"""

from __future__ import annotations

import http.client
import json
import ssl
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from iyzipay.iyzipay_resource import IyzipayResource

from payments.iyzico.errors import IyzicoTimeoutError, IyzicoUnavailableError

# The library's constant headers, copied before any call can have added per-call ones to them.
_BASE_HEADERS = {
    key: value
    for key, value in IyzipayResource.header.items()
    if key not in {"Authorization", "x-iyzi-rnd"}
}
_MAX_RESPONSE_BYTES = 1_000_000


@dataclass(frozen=True)
class Endpoint:
    """Where iyzico is: `https://api.iyzipay.com`, `https://sandbox-api.iyzipay.com`, or the local
    sandbox's `http://127.0.0.1:8091`."""

    scheme: str
    netloc: str

    @classmethod
    def parse(cls, base_url: str) -> Endpoint:
        if "://" not in base_url:  # iyzipay's own form: a bare host name
            base_url = "https://" + base_url
        parts = urlsplit(base_url)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ValueError(f"IYZICO_BASE_URL is not an http(s) URL: {base_url!r}")
        if parts.path not in {"", "/"}:
            raise ValueError("IYZICO_BASE_URL cannot have a path: iyzipay sends absolute paths.")
        return cls(scheme=parts.scheme, netloc=parts.netloc)


class _ConnectionFactory:
    """Stands in for the `http.client` module iyzipay keeps in `self.httplib`: the library calls
    `HTTPSConnection(host)`; this opens the connection with our timeout and remembers it so the
    caller can close it (the library never does)."""

    def __init__(self, *, scheme: str, timeout: float) -> None:
        self.scheme = scheme
        self.timeout = timeout
        self.connection: http.client.HTTPConnection | None = None

    def HTTPSConnection(self, host: str) -> http.client.HTTPConnection:
        if self.scheme == "http":
            self.connection = http.client.HTTPConnection(host, timeout=self.timeout)
        else:
            self.connection = http.client.HTTPSConnection(
                host, timeout=self.timeout, context=ssl.create_default_context()
            )
        return self.connection


def resource_call(
    *,
    resource_class: type[IyzipayResource],
    method: str,
    request: dict[str, Any],
    endpoint: Endpoint,
    api_key: str,
    secret_key: str,
    timeout: float,
) -> dict[str, Any]:
    """Runs `resource_class().<method>(request, options)` and returns the decoded JSON body, with
    every number as int or Decimal (never float)."""
    resource = resource_class()
    resource.header = dict(_BASE_HEADERS)  # this call's own headers, not the shared class dict
    factory = _ConnectionFactory(scheme=endpoint.scheme, timeout=timeout)
    resource.httplib = factory
    options = {"api_key": api_key, "secret_key": secret_key, "base_url": endpoint.netloc}
    try:
        response = getattr(resource, method)(request, options)
        raw = response.read(_MAX_RESPONSE_BYTES + 1)
        status = response.status
    except TimeoutError as error:
        raise IyzicoTimeoutError(f"iyzico did not answer within {timeout}s") from error
    except (OSError, http.client.HTTPException) as error:
        raise IyzicoUnavailableError(f"iyzico unreachable: {error}") from error
    finally:
        if factory.connection is not None:
            factory.connection.close()
    if len(raw) > _MAX_RESPONSE_BYTES:
        raise IyzicoUnavailableError("iyzico's answer is larger than 1 MB")
    try:
        body = json.loads(raw.decode("utf-8"), parse_float=Decimal)
    except (UnicodeDecodeError, ValueError) as error:
        raise IyzicoUnavailableError(f"iyzico answered HTTP {status} without JSON") from error
    if not isinstance(body, dict):
        raise IyzicoUnavailableError(f"iyzico answered HTTP {status} with a non-object JSON")
    return body
