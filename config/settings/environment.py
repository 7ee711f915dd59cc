"""Typed readers of environment variables for the settings modules (a malformed value stops
start-up with its name instead of silently meaning something else), and the embedded default's
public secret key, which base.py falls back to and production.py refuses."""

from __future__ import annotations

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

# The fallback key is only for the embedded default; `check --deploy` rejects it (security.W009).
EMBEDDED_DEFAULT_SECRET_KEY = "django-insecure-embedded-default-key-only-for-local-development-0000"


def env_bool(name: str, default: bool) -> bool:
    """A strict boolean: unknown spellings stop start-up instead of silently meaning False."""
    raw = env.str(name, default="")
    if raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false.")


def env_float(name: str, default: float) -> float:
    raw = env.str(name, default="")
    if raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number.") from None


def env_int(name: str, default: int) -> int:
    raw = env.str(name, default="")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_key_pairs(name: str) -> list[tuple[str, str]]:
    """`id:secret,id2:secret2` as (id, secret) pairs, the first being current; an entry without a
    colon is skipped."""
    return [
        (pair.split(":", 1)[0].strip(), pair.split(":", 1)[1].strip())
        for pair in env.list(name, default=[])
        if ":" in pair
    ]
