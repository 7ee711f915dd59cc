"""Settings of a deployment: `make serve` (deploy/serve.sh), the Docker image and docker compose
name this module; the development module (local.py) turns into it when DJANGO_DEBUG=false is said
out loud, so a deployer who only sets that is protected too.

Everything else is read from the environment as base.py does (DJANGO_HTTPS switches on the HTTPS
headers and cookies, DATABASE_URL PostgreSQL, REDIS_URL Redis, ...). What a deployment adds: it
refuses to start with a secret key anyone can read in this repository, before anything else
starts (Sentry included). DJANGO_DEBUG=true, someone debugging a deployment, skips that refusal.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from config.settings.environment import (
    EMBEDDED_DEFAULT_SECRET_KEY,
    env,
    env_bool,
    env_key_pairs,
)


def _weak_key_problem(name: str, value: str) -> str | None:
    """Why `value` cannot protect a deployment, in Django's own terms (security.W009)."""
    if not value:
        return f"{name} is not set."
    if value == EMBEDDED_DEFAULT_SECRET_KEY or value.startswith("django-insecure-"):
        return f"{name} is the public development key of the embedded default."
    if len(value) < 50 or len(set(value)) < 5:
        return f"{name} is too short or too simple (50+ random characters are needed)."
    return None


def _integrations_key_in_use() -> str:
    """The current INTEGRATIONS_ENCRYPTION_KEYS secret ("" when the variable is not set); a value
    without an id:secret pair leaves base.py's fallback, SECRET_KEY, in use."""
    if not env.list("INTEGRATIONS_ENCRYPTION_KEYS", default=[]):
        return ""
    pairs = env_key_pairs("INTEGRATIONS_ENCRYPTION_KEYS")
    if pairs:
        return pairs[0][1]
    return env.str("DJANGO_SECRET_KEY", default=EMBEDDED_DEFAULT_SECRET_KEY)


def _deployment_keys_check() -> None:
    """A deployment never starts with a key anyone can read in this repository: whoever has it
    could sign an access token or a session as any user, or read the providers' credentials."""
    problems = [
        _weak_key_problem("DJANGO_SECRET_KEY", env.str("DJANGO_SECRET_KEY", default="")),
        _weak_key_problem("JWT_SIGNING_KEY", env.str("JWT_SIGNING_KEY", default="")),
        _weak_key_problem("INTEGRATIONS_ENCRYPTION_KEYS", _integrations_key_in_use()),
    ]
    found = [problem for problem in problems if problem]
    if found:
        raise ImproperlyConfigured(
            "DJANGO_DEBUG=false (a deployment) needs its own secret keys: "
            + " ".join(found)
            + " Make each with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
            " (INTEGRATIONS_ENCRYPTION_KEYS as key-id:secret). See .env.example."
        )


if not env_bool("DJANGO_DEBUG", False):
    _deployment_keys_check()

from config.settings.base import *  # noqa: E402
