"""What every environment shares (config/settings/{local,production,test}.py build on it), with
its larger parts in accounts.py (allauth), api.py (DRF, rate limits, OpenAPI) and notifications.py
(e-mail, SMS, WhatsApp, the outbox).

Each value comes from the environment (see .env.example). With nothing set this is the embedded
default: SQLite, in-memory channel layer, local-memory cache, Celery tasks run in-process, files
on local disk and e-mails on the console. Setting DATABASE_URL, REDIS_URL, the S3 variables and
SENTRY_DSN switches on the production parts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import django_stubs_ext
import phonenumbers
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.settings.environment import (
    EMBEDDED_DEFAULT_SECRET_KEY,
    env,
    env_bool,
    env_float,
    env_int,
    env_key_pairs,
)

# Lets runtime code subscript Django's generic classes (`Serializer[Any]`) as the type stubs do.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parents[2]


# --- Core -------------------------------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", False)
# DJANGO_DEBUG=false said out loud is a deployment (`make serve`, docker compose and the image say
# it): start-up then refuses the embedded default's public keys (config/settings/production.py).
# The embedded default's key is public; `check --deploy` rejects it (security.W009).
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=EMBEDDED_DEFAULT_SECRET_KEY)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
if DEBUG and not env.str("DJANGO_ALLOWED_HOSTS", default=""):
    ALLOWED_HOSTS = ["*"]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")
# The console backends (nothing is sent) log the full number and text, phone codes included: a
# developer's machine only (`make run` sets it; DJANGO_DEBUG=true implies it).
CONSOLE_MESSAGES_IN_FULL = env_bool("CONSOLE_MESSAGES_IN_FULL", DEBUG)

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "channels",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.facebook",
    "allauth.socialaccount.providers.apple",
    "marketplace",
    "parts",
    "interests",
    "messaging",
    "integrations",
    "payments",
    "orders",
    "shipping",
    "reviews",
]

MIDDLEWARE = [
    "marketplace.middleware.RequestIdMiddleware",
    "marketplace.db_routing.PrimaryPinMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    # Replays public API answers (visitors' searches, cities) before sessions, auth and DRF.
    "marketplace.response_cache.PublicResponseCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "marketplace.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "marketplace.middleware.RateLimitHeadersMiddleware",
    "marketplace.middleware.SentryTagsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "marketplace.context_processors.site",
                "marketplace.context_processors.account_links",
                "messaging.context_processors.unread_messages",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
_database_url = env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
_database_scheme = _database_url.split("://", 1)[0] if "://" in _database_url else ""
if _database_scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
    raise ImproperlyConfigured(
        "DATABASE_URL must be sqlite:// or postgres://, not "
        + (f"{_database_scheme}://" if _database_scheme else "a value without a scheme")
    )
_database = env.db_url_config(_database_url)
IS_POSTGRES = _database["ENGINE"] == "django.db.backends.postgresql"
if IS_POSTGRES:
    INSTALLED_APPS.append("django.contrib.postgres")
    _database["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
    _database["CONN_HEALTH_CHECKS"] = True
    # Our queries are short: JIT compiling them (PostgreSQL's default above a cost threshold)
    # added ~90 ms to a common-word search over 1M listings and never paid back.
    _database.setdefault("OPTIONS", {})["options"] = "-c jit=off"
else:
    _database["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DATABASES = {"default": _database}
# Searches and listing pages may be read from a streaming replica (marketplace/db_routing.py).
_replica_url = env.str("DATABASE_REPLICA_URL", default="")
if _replica_url:
    if not IS_POSTGRES:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL on PostgreSQL too")
    DATABASES["replica"] = {
        **env.db_url_config(_replica_url),
        **{key: _database[key] for key in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS", "OPTIONS")},
        "TEST": {"MIRROR": "default"},  # tests read the test database through this alias
    }
DATABASE_ROUTERS = ["marketplace.db_routing.ReplicaRouter"]
# After a change, the same client reads only the primary for this long (replication lag).
DATABASE_REPLICA_PIN_SECONDS = env_int("DATABASE_REPLICA_PIN_SECONDS", 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "marketplace.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # 8+ characters with upper case, lower case and a digit (Turkish messages).
    {"NAME": "marketplace.passwords.PasswordRuleValidator", "OPTIONS": {"min_length": 8}},
]
# Tests hash with MD5 first when TEST_FAST_PASSWORD_HASHING is set (config/settings/test.py).
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
# The version of the KVKK texts (aydınlatma metni, consent wording) users see; stored with every
# consent. Change it whenever those texts change.
KVKK_TEXT_VERSION = "2026-11"
LOGIN_REDIRECT_URL = "/"

# --- Accounts (django-allauth) and Google/Facebook/Apple logins: config/settings/accounts.py ---
from config.settings.accounts import *  # noqa: E402

# --- Phone codes ------------------------------------------------------------------------------
# ISO 3166 regions whose mobile numbers may receive one-time codes (SMS pumping: codes to premium
# foreign numbers cost us money). Türkiye only unless more are listed.
OTP_ALLOWED_COUNTRIES = [
    region.strip().upper() for region in env.list("OTP_ALLOWED_COUNTRIES", default=["TR"])
]
_unknown_regions = sorted(set(OTP_ALLOWED_COUNTRIES) - phonenumbers.SUPPORTED_REGIONS)
if _unknown_regions:
    raise ImproperlyConfigured(
        "OTP_ALLOWED_COUNTRIES takes ISO 3166 region codes such as TR or DE, not "
        + ", ".join(_unknown_regions)
    )
# Codes an hour: per number and per logged-in user (the abuse limits), and a ceiling per client
# address high enough for a mobile carrier's NAT, where thousands of users share one address.
OTP_SENDS_PER_NUMBER_PER_HOUR = env_int("OTP_SENDS_PER_NUMBER_PER_HOUR", 3)
OTP_SENDS_PER_USER_PER_HOUR = env_int("OTP_SENDS_PER_USER_PER_HOUR", 5)
OTP_SENDS_PER_IP_PER_HOUR = env_int("OTP_SENDS_PER_IP_PER_HOUR", 200)

# --- Redis: cache, channel layer, Celery ------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://")


def caches_for(redis_url: str) -> dict[str, dict[str, Any]]:
    """The cache on Redis, or in this process's memory without it."""
    if not redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return {
        "default": {
            # Django's RedisCache, keeping one Redis client per pool (marketplace/cache.py).
            "BACKEND": "marketplace.cache.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="banayeni"),
            # An unreachable Redis costs a request a second at most, then the cache fails open.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }


def channel_layers_for(redis_url: str) -> dict[str, dict[str, Any]]:
    """The channel layer on Redis, or in this process's memory without it."""
    if not redis_url:
        return {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    return {
        "default": {
            # Pub/sub, not channels_redis' list-based core layer: chat events are best effort
            # (a reconnecting client fetches what it missed), and with 1,000 sockets on two
            # Daphne processes the core layer's shared BZPOPMIN receive queued deliveries for
            # seconds and dropped them over capacity (`python -m bench.websocket`: p50 4.6 s
            # against 0.24 s at 80 messages/s on the loaded 2-core machine). No group expiry.
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [redis_url],
                "prefix": env.str("CHANNEL_LAYER_PREFIX", default="banayeni"),
            },
        }
    }


CACHES = caches_for(REDIS_URL)
CHANNEL_LAYERS = channel_layers_for(REDIS_URL)
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# Above the longest task and any countdown, or Redis redelivers a running task.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Istanbul"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    # Hands out notifications the after-commit relay could not (broker down, worker lost).
    "notifications-sweep": {
        "task": "integrations.tasks.notifications_sweep",
        "schedule": env_float("NOTIFICATION_SWEEP_SECONDS", 60.0),
    },
    # Tells sellers whose listing waits too long for its photos (a worker down or behind).
    "parts-photos-delayed": {
        "task": "parts.tasks.part_photos_delayed_notify_task",
        "schedule": 300.0,
    },
    # Tests every enabled provider connection (seed 001: every 60 seconds).
    "integrations-health": {
        "task": "integrations.tasks.integrations_health_check",
        "schedule": 60.0,
    },
    # Asks KPS again about the payout profiles it did not answer for (config/settings/commerce.py).
    "payout-profiles-pending": {
        "task": "payments.tasks.payout_profiles_pending_check_task",
        "schedule": env_float("KPS_PENDING_SWEEP_SECONDS", 300.0),
    },
    # Orders nobody touches: payment reminders, unshipped refunds, tracking, auto-completion.
    "orders-sweep": {
        "task": "orders.tasks.orders_sweep",
        "schedule": env_float("ORDERS_SWEEP_SECONDS", 300.0),
    },
    # KVKK retention periods (marketplace.retention; listed on the KVKK page): once a day.
    "kvkk-retention": {
        "task": "marketplace.tasks.retention_apply_task",
        "schedule": 86400.0,
    },
    # Listings: reminders PART_EXPIRY_REMINDER_DAYS before expiry, then expiry (issue 21).
    "parts-expiry": {
        "task": "parts.tasks.part_expiry_sweep_task",
        "schedule": 3600.0,
    },
}

# A listing whose photos are not processed after this long is not on the site yet: its seller
# is told once (parts.tasks.part_photos_delayed_notify_task).
PHOTO_DELAY_NOTICE_MINUTES = env_int("PHOTO_DELAY_NOTICE_MINUTES", 15)
# A new or edited listing whose risk score (parts.risk) reaches this waits for staff's review.
LISTING_REVIEW_THRESHOLD = env_int("LISTING_REVIEW_THRESHOLD", 50)

# Listings expire this many days after publishing or renewal unless renewed; the seller is
# reminded PART_EXPIRY_REMINDER_DAYS before (parts.services.expiry).
PART_LIFETIME_DAYS = env_int("PART_LIFETIME_DAYS", 60)
PART_EXPIRY_REMINDER_DAYS = env_int("PART_EXPIRY_REMINDER_DAYS", 3)

# KVKK retention periods in days (marketplace.retention, applied daily, shown on /kvkk/).
# Deletion records: the 10-year general limitation period (Turkish Code of Obligations art. 146).
KVKK_RETENTION_ACCOUNT_DELETION_LOG_DAYS = env_int("KVKK_RETENTION_ACCOUNT_DELETION_LOG_DAYS", 3650)
KVKK_RETENTION_PHONE_CODE_DAYS = env_int("KVKK_RETENTION_PHONE_CODE_DAYS", 30)
KVKK_RETENTION_SESSION_DAYS = env_int("KVKK_RETENTION_SESSION_DAYS", 30)
KVKK_RETENTION_NOTIFICATION_DAYS = env_int("KVKK_RETENTION_NOTIFICATION_DAYS", 180)

# --- Files ------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
_default_storage: dict[str, Any]
if AWS_STORAGE_BUCKET_NAME:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="eu-central-1"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            # Private bucket: no public ACL, presigned URLs unless a CDN domain fronts it.
            "default_acl": None,
            "querystring_auth": not env.str("AWS_S3_CUSTOM_DOMAIN", default=""),
            "querystring_expire": 3600,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0

# --- Backups of the database and the media: config/settings/backups.py ------------------------
from config.settings.backups import *  # noqa: E402

# --- E-mail, SMS, WhatsApp, the notification outbox: config/settings/notifications.py --------
from config.settings.notifications import *  # noqa: E402

# --- Integration credentials and analytics ----------------------------------------------------
# Provider credentials stored in the Integration Center are encrypted with these keys:
# "id:secret,id2:secret2", the first is current (see integrations/crypto.py). Defaults to one key
# derived from SECRET_KEY, which a deployment check flags and a deployment refuses.
INTEGRATIONS_ENCRYPTION_KEYS = env_key_pairs("INTEGRATIONS_ENCRYPTION_KEYS") or [
    ("default", SECRET_KEY)
]
# GA4 Measurement Protocol (server-side events, only for users with the analytics consent).
GA4_MEASUREMENT_ID = env.str("GA4_MEASUREMENT_ID", default="")
GA4_API_SECRET = env.str("GA4_API_SECRET", default="")
GA4_API_BASE_URL = env.str("GA4_API_BASE_URL", default="https://www.google-analytics.com")
GA4_TIMEOUT_SECONDS = env_float("GA4_TIMEOUT_SECONDS", 5.0)

# --- Language, time, money --------------------------------------------------------------------
LANGUAGE_CODE = "tr"
LANGUAGES = [("tr", _("Türkçe"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Istanbul"
USE_I18N = True
USE_TZ = True
CURRENCY = "TRY"

# --- Security ---------------------------------------------------------------------------------
# DJANGO_HTTPS says the site is served over HTTPS (directly or behind a TLS-terminating proxy).
HTTPS = env_bool("DJANGO_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_REDIRECT_EXEMPT = [r"^api/health$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", *env.list("CSP_IMG_SOURCES", default=[])],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "connect-src": ["'self'", "ws:", "wss:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- API: DRF, rate limits, the OpenAPI schema: config/settings/api.py -------------------------
from config.settings.api import *  # noqa: E402
from config.settings.commerce import *  # noqa: E402

# --- API tokens and the chat socket -------------------------------------------------------------
ACCESS_TOKEN_LIFETIME_SECONDS = env_int("ACCESS_TOKEN_LIFETIME_SECONDS", 15 * 60)
REFRESH_TOKEN_LIFETIME_SECONDS = env_int("REFRESH_TOKEN_LIFETIME_SECONDS", 30 * 24 * 3600)
JWT_SIGNING_KEY = env.str("JWT_SIGNING_KEY", default="") or SECRET_KEY

# A chat WebSocket without a session or handshake token must send its `auth` frame within this.
CHAT_WEBSOCKET_AUTH_TIMEOUT_SECONDS = env.float("CHAT_WEBSOCKET_AUTH_TIMEOUT_SECONDS", default=5.0)

# --- Logging: structured JSON with the request id on every line -------------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(f"LOG_LEVEL={LOG_LEVEL!r} is not a logging level.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "marketplace.logging.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "daphne": {"level": "WARNING"},
    },
}

# --- Sentry -----------------------------------------------------------------------------------
SENTRY_DSN = env.str("SENTRY_DSN", default="")
# No personal data in events: frame locals can hold one-time codes, reset links, phone numbers
# and message texts, and request bodies passwords and messages.
SENTRY_PRIVACY_OPTIONS: dict[str, Any] = {
    "send_default_pii": False,
    "include_local_variables": False,
    "max_request_body_size": "never",
}
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.redis import RedisIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), CeleryIntegration(), RedisIntegration()],
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env_float("SENTRY_TRACES_SAMPLE_RATE", 0.0),
        **SENTRY_PRIVACY_OPTIONS,
    )
