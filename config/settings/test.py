"""Settings for pytest (pyproject.toml names this module) and the servers its tests start (Daphne,
Celery, `make run`, `make serve`), which inherit DJANGO_SETTINGS_MODULE, PYTEST_XDIST_WORKER and
TEST_FAST_PASSWORD_HASHING: the development settings (local.py), plus what keeps the suite fast
and its parallel workers apart."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from config.settings.environment import env, env_bool
from config.settings.local import *

# Only for the test suite (`make test` sets it, and the servers tests start inherit it): MD5
# first, so the suite's logins do not each pay PBKDF2's 1,000,000 iterations (0.3-0.5 s). PBKDF2
# stays in the list, so a stored PBKDF2 hash still verifies. Never set it anywhere else.
if env_bool("TEST_FAST_PASSWORD_HASHING", False):
    PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]

if not IS_POSTGRES:
    # Tests that start Daphne or Celery in another process need a database file they can share.
    DATABASES = {
        "default": {**DATABASES["default"], "TEST": {"NAME": str(BASE_DIR / ".test-db.sqlite3")}}
    }


def _redis_url_of_test_worker(url: str, worker: str) -> str:
    """`redis://host/N` as the pytest-xdist worker `gwK` uses it: database N + K.

    Each worker has its own test database; it needs its own Redis database too (cache, channel
    layer, Celery broker), or one worker's `cache.clear()` empties the queues of the other. The
    servers a test starts inherit PYTEST_XDIST_WORKER, so they land on the same database."""
    parts = urlsplit(url)
    if not worker.startswith("gw") or parts.scheme not in {"redis", "rediss"}:
        return url
    database = int(parts.path.strip("/") or 0) + int(worker[2:])
    return urlunsplit(parts._replace(path=f"/{database}"))


REDIS_URL = _redis_url_of_test_worker(REDIS_URL, env.str("PYTEST_XDIST_WORKER", default=""))
CACHES = caches_for(REDIS_URL)
CHANNEL_LAYERS = channel_layers_for(REDIS_URL)
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
