"""Reads from a PostgreSQL replica, when there is one, never showing anyone stale data they wrote.

With `DATABASE_REPLICA_URL` set, settings add a `replica` database and this router. Only code
that says so reads there: a read-only selector decorated with `@replica_read` (the search, the
listing pages, the home page). Everything else — writes, reads inside a transaction, sessions,
tokens, the admin — uses the primary, as without a replica.

Read your own writes: a request that changes something (any method but GET/HEAD/OPTIONS) reads
only the primary, and so do the same client's requests for `DATABASE_REPLICA_PIN_SECONDS`
afterwards (a short-lived cookie for browsers, and a cache key per credential — the bearer token
or the session — for apps that keep no cookies). A replica that cannot be reached costs one failed
query: the selector runs again on the primary.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

REPLICA_DB_ALIAS = "replica"
PIN_COOKIE = "db_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_replica_wanted: ContextVar[bool] = ContextVar("replica_wanted", default=False)
_primary_pinned: ContextVar[bool] = ContextVar("primary_pinned", default=False)

P = ParamSpec("P")
R = TypeVar("R")


def replica_configured() -> bool:
    return REPLICA_DB_ALIAS in settings.DATABASES


def replica_in_use() -> bool:
    """Whether a query run now would be read from the replica."""
    return (
        _replica_wanted.get()
        and not _primary_pinned.get()
        and replica_configured()
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
    )


@contextmanager
def primary_only() -> Iterator[None]:
    """Reads in this block go to the primary, even inside a `@replica_read` selector."""
    token = _primary_pinned.set(True)
    try:
        yield
    finally:
        _primary_pinned.reset(token)


def replica_read(function: Callable[P, R]) -> Callable[P, R]:
    """Marks a read-only selector whose queries may be served by the replica.

    The selector must evaluate its querysets before it returns (a lazy queryset evaluated later
    would be routed by whatever runs it then)."""

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if not replica_configured() or _replica_wanted.get():
            return function(*args, **kwargs)
        token = _replica_wanted.set(True)
        try:
            if not replica_in_use():
                return function(*args, **kwargs)
            try:
                return function(*args, **kwargs)
            except (OperationalError, InterfaceError):
                logger.warning(
                    "replica unreachable; reading %s from the primary", function.__name__
                )
                connections[REPLICA_DB_ALIAS].close()
                with primary_only():
                    return function(*args, **kwargs)
        finally:
            _replica_wanted.reset(token)

    return wrapper


class ReplicaRouter:
    """Sends `@replica_read` selectors' queries to the replica; everything else to the primary."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if replica_in_use():
            return REPLICA_DB_ALIAS
        # An object read from the replica loads its relations from the primary outside a
        # replica read: never staler than it was.
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica is a copy of the primary: same rows, same ids

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


def _pin_key(request: HttpRequest) -> str | None:
    credential = request.headers.get("Authorization", "") or request.COOKIES.get(
        settings.SESSION_COOKIE_NAME, ""
    )
    if not credential:
        return None
    return "db-pin:" + hashlib.sha256(credential.encode()).hexdigest()[:32]


class PrimaryPinMiddleware:
    """Read your own writes: pins a client to the primary while the replica may lag behind it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_configured():
            return self.get_response(request)
        writes = request.method not in SAFE_METHODS
        key = _pin_key(request)
        pinned = writes or PIN_COOKIE in request.COOKIES or bool(key and cache.get(key))
        token = _primary_pinned.set(pinned)
        try:
            response = self.get_response(request)
        finally:
            _primary_pinned.reset(token)
        if writes:
            seconds = settings.DATABASE_REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
            if key is not None:
                cache.set(key, True, timeout=seconds)
        return response
