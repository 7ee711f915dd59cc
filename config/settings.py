"""Settings for BanaYeni SanaEski, read from the environment (see .env.example).

With nothing set this is the embedded default: SQLite, in-memory channel layer, local-memory
cache, Celery tasks run in-process, files on local disk and e-mails on the console. Setting
DATABASE_URL, REDIS_URL, the S3 variables and SENTRY_DSN switches on the production parts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import django_stubs_ext
import environ
import phonenumbers
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets runtime code subscript Django's generic classes (`Serializer[Any]`) as the type stubs do.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


def _env_bool(name: str, default: bool) -> bool:
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


def _env_float(name: str, default: float) -> float:
    raw = env.str(name, default="")
    if raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number.") from None


def _env_int(name: str, default: int) -> int:
    raw = env.str(name, default="")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


# --- Core -------------------------------------------------------------------------------------
DEBUG = _env_bool("DJANGO_DEBUG", False)
# DJANGO_DEBUG=false said out loud is a deployment: `make serve`, docker compose and the image set
# it. There start-up refuses the embedded default's public keys (see _deployment_keys_check).
DEPLOYED = env.str("DJANGO_DEBUG", default="") != "" and not DEBUG
EMBEDDED_DEFAULT_SECRET_KEY = "django-insecure-embedded-default-key-only-for-local-development-0000"
# The fallback key is only for the embedded default; `check --deploy` rejects it (security.W009).
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=EMBEDDED_DEFAULT_SECRET_KEY)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
if DEBUG and not env.str("DJANGO_ALLOWED_HOSTS", default=""):
    ALLOWED_HOSTS = ["*"]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")

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
    _database["CONN_MAX_AGE"] = _env_int("DATABASE_CONN_MAX_AGE", 60)
    _database["CONN_HEALTH_CHECKS"] = True
    # Our queries are short: JIT compiling them (PostgreSQL's default above a cost threshold)
    # added ~90 ms to a common-word search over 1M listings and never paid back.
    _database.setdefault("OPTIONS", {})["options"] = "-c jit=off"
else:
    # Tests that start Daphne or Celery in another process need a database file they can share.
    _database["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}
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
DATABASE_REPLICA_PIN_SECONDS = _env_int("DATABASE_REPLICA_PIN_SECONDS", 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "marketplace.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # 8+ characters with upper case, lower case and a digit (Turkish messages).
    {"NAME": "marketplace.passwords.PasswordRuleValidator", "OPTIONS": {"min_length": 8}},
]
# Only for the test suite (`make test` sets it, and the servers tests start inherit it): MD5
# first, so the suite's logins do not each pay PBKDF2's 1,000,000 iterations (0.3-0.5 s). PBKDF2
# stays in the list, so a stored PBKDF2 hash still verifies. Never set it anywhere else.
if _env_bool("TEST_FAST_PASSWORD_HASHING", False):
    PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
# The version of the KVKK texts (aydınlatma metni, consent wording) users see; stored with every
# consent. Change it whenever those texts change.
KVKK_TEXT_VERSION = "2026-11"
LOGIN_REDIRECT_URL = "/"

# --- Accounts (django-allauth): e-mail login, mandatory confirmation, no usernames ------------
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# Sign-up and password reset answer the same whether or not the address has an account.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_CHANGE_EMAIL = True  # one address per account; a new one replaces it once confirmed
ACCOUNT_EMAIL_NOTIFICATIONS = True  # "your password/e-mail was changed" mails
ACCOUNT_EMAIL_SUBJECT_PREFIX = "BanaYeni SanaEski: "
# Failed-login lockout: 5 wrong passwords for an address lock it for 15 minutes (counted in the
# cache, Redis in production, so every worker sees the same count).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/900s/key"}
ACCOUNT_ADAPTER = "marketplace.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "marketplace.forms_accounts.LoginForm",
    "signup": "marketplace.forms_accounts.SignupForm",
    "change_password": "marketplace.forms_accounts.ChangePasswordForm",
    "set_password": "marketplace.forms_accounts.SetPasswordForm",
    "reset_password_from_key": "marketplace.forms_accounts.ResetPasswordKeyForm",
    "reauthenticate": "marketplace.forms_accounts.ReauthenticateForm",
}
SOCIALACCOUNT_ADAPTER = "marketplace.adapters.SocialAccountAdapter"
# A first social login opens the sign-up page (the provider's address and the KVKK answers)
# instead of an account at once: no account without its privacy-notice acknowledgement.
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_FORMS = {"signup": "marketplace.forms_accounts.SocialSignupForm"}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
# Google, Facebook and Apple logins: a provider is offered once it has credentials, either here
# from the environment or as a SocialApp in the admin (not both). Without them its login and
# callback URLs answer 404 and no button is shown.
SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, Any]] = {
    "google": {"SCOPE": ["profile", "email"], "AUTH_PARAMS": {"access_type": "online"}},
    "facebook": {"METHOD": "oauth2", "SCOPE": ["email", "public_profile"]},
    "apple": {},
}
if env.str("GOOGLE_CLIENT_ID", default=""):
    SOCIALACCOUNT_PROVIDERS["google"]["APP"] = {
        "client_id": env.str("GOOGLE_CLIENT_ID"),
        "secret": env.str("GOOGLE_CLIENT_SECRET", default=""),
    }
if env.str("FACEBOOK_APP_ID", default=""):
    SOCIALACCOUNT_PROVIDERS["facebook"]["APP"] = {
        "client_id": env.str("FACEBOOK_APP_ID"),
        "secret": env.str("FACEBOOK_APP_SECRET", default=""),
    }
if env.str("APPLE_CLIENT_ID", default=""):
    # Sign in with Apple: the Services ID, the key's id, the team id and the key itself (.p8).
    SOCIALACCOUNT_PROVIDERS["apple"]["APP"] = {
        "client_id": env.str("APPLE_CLIENT_ID"),
        "secret": env.str("APPLE_KEY_ID", default=""),
        "key": env.str("APPLE_TEAM_ID", default=""),
        "settings": {
            # One line in .env files: a literal backslash-n stands for each line break.
            "certificate_key": env.str("APPLE_PRIVATE_KEY", default="").replace("\\n", "\n")
        },
    }

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
OTP_SENDS_PER_NUMBER_PER_HOUR = _env_int("OTP_SENDS_PER_NUMBER_PER_HOUR", 3)
OTP_SENDS_PER_USER_PER_HOUR = _env_int("OTP_SENDS_PER_USER_PER_HOUR", 5)
OTP_SENDS_PER_IP_PER_HOUR = _env_int("OTP_SENDS_PER_IP_PER_HOUR", 200)

# --- Redis: cache, channel layer, Celery ------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://")


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

CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, keeping one Redis client per pool (marketplace/cache.py).
            "BACKEND": "marketplace.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="banayeni"),
            # An unreachable Redis costs a request a second at most, then the cache fails open.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            # Pub/sub, not channels_redis' list-based core layer: chat events are best effort
            # (a reconnecting client fetches what it missed), and with 1,000 sockets on two
            # Daphne processes the core layer's shared BZPOPMIN receive queued deliveries for
            # seconds and dropped them over capacity (`python -m bench.websocket`: p50 4.6 s
            # against 0.24 s at 80 messages/s on the loaded 2-core machine). No group expiry.
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [REDIS_URL],
                "prefix": env.str("CHANNEL_LAYER_PREFIX", default="banayeni"),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

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
        "schedule": _env_float("NOTIFICATION_SWEEP_SECONDS", 60.0),
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
}

# A listing whose photos are not processed after this long is not on the site yet: its seller
# is told once (parts.tasks.part_photos_delayed_notify_task).
PHOTO_DELAY_NOTICE_MINUTES = _env_int("PHOTO_DELAY_NOTICE_MINUTES", 15)

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

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = _env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = _env_int("EMAIL_TIMEOUT", 15)
# Hosted e-mail through django-anymail: EMAIL_BACKEND=anymail.backends.sendgrid.EmailBackend
# (or .resend / .brevo) and the provider's key here.
ANYMAIL: dict[str, str] = {
    name: value
    for name in (
        "SENDGRID_API_KEY",
        "SENDGRID_API_URL",
        "RESEND_API_KEY",
        "RESEND_API_URL",
        "BREVO_API_KEY",
        "BREVO_API_URL",
    )
    if (value := env.str(name, default=""))
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="BanaYeni SanaEski <bilgi@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- SMS (integrations.sms): the backend is a dotted path, like EMAIL_BACKEND ------------------
SMS_BACKEND = env.str("SMS_BACKEND", default="integrations.sms.backends.console.ConsoleSmsBackend")
# The console backends (nothing is sent) log the full number and text, phone codes included: a
# developer's machine only (`make run` sets it; DJANGO_DEBUG=true implies it).
CONSOLE_MESSAGES_IN_FULL = _env_bool("CONSOLE_MESSAGES_IN_FULL", DEBUG)
TWILIO_ACCOUNT_SID = env.str("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env.str("TWILIO_AUTH_TOKEN", default="")
TWILIO_FROM_NUMBER = env.str("TWILIO_FROM_NUMBER", default="")
TWILIO_MESSAGING_SERVICE_SID = env.str("TWILIO_MESSAGING_SERVICE_SID", default="")
TWILIO_API_BASE_URL = env.str("TWILIO_API_BASE_URL", default="https://api.twilio.com")
TWILIO_TIMEOUT_SECONDS = _env_float("TWILIO_TIMEOUT_SECONDS", 10.0)
# Turkish SMS providers (integrations.sms.backends.netgsm / .iletimerkezi).
SMS_TIMEOUT_SECONDS = _env_float("SMS_TIMEOUT_SECONDS", 10.0)
NETGSM_API_BASE_URL = env.str("NETGSM_API_BASE_URL", default="https://api.netgsm.com.tr")
NETGSM_USERCODE = env.str("NETGSM_USERCODE", default="")
NETGSM_PASSWORD = env.str("NETGSM_PASSWORD", default="")
NETGSM_MSGHEADER = env.str("NETGSM_MSGHEADER", default="")
ILETIMERKEZI_API_BASE_URL = env.str(
    "ILETIMERKEZI_API_BASE_URL", default="https://api.iletimerkezi.com"
)
ILETIMERKEZI_API_KEY = env.str("ILETIMERKEZI_API_KEY", default="")
ILETIMERKEZI_API_SECRET = env.str("ILETIMERKEZI_API_SECRET", default="")
ILETIMERKEZI_SENDER = env.str("ILETIMERKEZI_SENDER", default="")
# WhatsApp through Twilio (integrations.whatsapp.backends.twilio.TwilioWhatsAppBackend).
TWILIO_WHATSAPP_FROM = env.str("TWILIO_WHATSAPP_FROM", default="")
# Ask Twilio for delivery receipts at SITE_URL/api/webhooks/twilio/status (needs a public SITE_URL).
TWILIO_STATUS_CALLBACKS = env.bool("TWILIO_STATUS_CALLBACKS", default=False)

# --- Notifications (integrations): the outbox, routing rules and the WhatsApp backend -----------
WHATSAPP_BACKEND = env.str(
    "WHATSAPP_BACKEND", default="integrations.whatsapp.backends.console.ConsoleWhatsAppBackend"
)
# Meta WhatsApp Cloud API (integrations.whatsapp.backends.meta_cloud.MetaCloudWhatsAppBackend).
WHATSAPP_CLOUD_API_BASE_URL = env.str(
    "WHATSAPP_CLOUD_API_BASE_URL", default="https://graph.facebook.com"
)
WHATSAPP_CLOUD_API_VERSION = env.str("WHATSAPP_CLOUD_API_VERSION", default="v21.0")
WHATSAPP_CLOUD_PHONE_NUMBER_ID = env.str("WHATSAPP_CLOUD_PHONE_NUMBER_ID", default="")
WHATSAPP_CLOUD_ACCESS_TOKEN = env.str("WHATSAPP_CLOUD_ACCESS_TOKEN", default="")
# Webhooks: the verify token of the subscription handshake, the app secret of X-Hub-Signature-256.
WHATSAPP_CLOUD_VERIFY_TOKEN = env.str("WHATSAPP_CLOUD_VERIFY_TOKEN", default="")
WHATSAPP_CLOUD_APP_SECRET = env.str("WHATSAPP_CLOUD_APP_SECRET", default="")
WHATSAPP_TIMEOUT_SECONDS = _env_float("WHATSAPP_TIMEOUT_SECONDS", 10.0)
# Provider credentials stored in the Integration Center are encrypted with these keys:
# "id:secret,id2:secret2", the first is current (see integrations/crypto.py). Defaults to one key
# derived from SECRET_KEY, which a deployment check flags.
INTEGRATIONS_ENCRYPTION_KEYS: list[tuple[str, str]] = [
    (pair.split(":", 1)[0].strip(), pair.split(":", 1)[1].strip())
    for pair in env.list("INTEGRATIONS_ENCRYPTION_KEYS", default=[])
    if ":" in pair
] or [("default", SECRET_KEY)]
# GA4 Measurement Protocol (server-side events, only for users with the analytics consent).
GA4_MEASUREMENT_ID = env.str("GA4_MEASUREMENT_ID", default="")
GA4_API_SECRET = env.str("GA4_API_SECRET", default="")
GA4_API_BASE_URL = env.str("GA4_API_BASE_URL", default="https://www.google-analytics.com")
GA4_TIMEOUT_SECONDS = _env_float("GA4_TIMEOUT_SECONDS", 5.0)
# Non-urgent notifications wait for the morning (Europe/Istanbul): [start, end) hours.
# "22-8" by default; "0-0" switches quiet hours off.
_quiet_hours = env.str("NOTIFICATION_QUIET_HOURS", default="22-8").split("-")
NOTIFICATION_QUIET_HOURS = (int(_quiet_hours[0]), int(_quiet_hours[-1]))
NOTIFICATION_MARKETING_PER_WEEK = 2
# A new-message notice waits this long and is dropped if the recipient read the message (online).
NEW_MESSAGE_NOTICE_DELAY_SECONDS = 300
NOTIFICATION_MAX_ROUNDS = 5  # delivery rounds (every channel tried) before giving up
NOTIFICATION_RETRY_BASE_SECONDS = 30  # back-off: base * 2**round, with jitter
# A row claimed longer ago than this belonged to a worker that died: the sweep hands it out again.
NOTIFICATION_CLAIM_TIMEOUT_SECONDS = _env_int("NOTIFICATION_CLAIM_TIMEOUT_SECONDS", 600)

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
HTTPS = _env_bool("DJANGO_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_REDIRECT_EXEMPT = [r"^api/health$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = _env_int("DJANGO_HSTS_SECONDS", 31536000) if HTTPS else 0
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

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "marketplace.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "marketplace.api.renderers.VendorJSONRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        # DRF's, refusing NUL characters and bodies nested too deeply (marketplace/api/parsers.py)
        "marketplace.api.parsers.JSONParser",
        "marketplace.api.parsers.VendorJSONParser",
        "marketplace.api.parsers.FormParser",
        "marketplace.api.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["marketplace.api.throttling.CategoryRateThrottle"],
    "EXCEPTION_HANDLER": "marketplace.api.errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "marketplace.api.schema.EnvelopeAutoSchema",
    # Reverse proxies in front of the app. 0 (the default) trusts no X-Forwarded-For at all: a
    # client talking to the app directly could otherwise name any address and escape per-IP
    # limits. `make serve` and docker compose put one nginx in front and set 1.
    "NUM_PROXIES": _env_int("NUM_PROXIES", 0),
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

# Requests per window for each endpoint category (seed 002, "Rate Limits by Endpoint").
API_RATE_LIMITS: dict[str, tuple[int, int]] = {
    "auth": (5, 60),
    # Per refresh-token family (one login), not per address; unknown tokens count per address.
    "refresh": (10, 60),
    "search": (100, 60),
    "part_create": (10, 3600),
    "interest": (50, 60),
    "messaging": (200, 60),
    "upload": (20, 3600),
}

# false: requests are still counted (and pay that cost) but never refused; for `make bench` only.
API_RATE_LIMITS_ENABLED = _env_bool("API_RATE_LIMITS_ENABLED", True)

# How long visitors' search answers are kept (parts/search_cache.py); 0 turns the cache off.
SEARCH_CACHE_SECONDS = _env_int("SEARCH_CACHE_SECONDS", 30)

ACCESS_TOKEN_LIFETIME_SECONDS = _env_int("ACCESS_TOKEN_LIFETIME_SECONDS", 15 * 60)
REFRESH_TOKEN_LIFETIME_SECONDS = _env_int("REFRESH_TOKEN_LIFETIME_SECONDS", 30 * 24 * 3600)
JWT_SIGNING_KEY = env.str("JWT_SIGNING_KEY", default="") or SECRET_KEY


def _weak_key_problem(name: str, value: str) -> str | None:
    """Why `value` cannot protect a deployment, in Django's own terms (security.W009)."""
    if not value:
        return f"{name} is not set."
    if value == EMBEDDED_DEFAULT_SECRET_KEY or value.startswith("django-insecure-"):
        return f"{name} is the public development key of the embedded default."
    if len(value) < 50 or len(set(value)) < 5:
        return f"{name} is too short or too simple (50+ random characters are needed)."
    return None


def _deployment_keys_check() -> None:
    """A deployment never starts with a key anyone can read in this repository: whoever has it
    could sign an access token or a session as any user, or read the providers' credentials."""
    integration_secrets = [secret for _key_id, secret in INTEGRATIONS_ENCRYPTION_KEYS]
    problems = [
        _weak_key_problem("DJANGO_SECRET_KEY", env.str("DJANGO_SECRET_KEY", default="")),
        _weak_key_problem("JWT_SIGNING_KEY", env.str("JWT_SIGNING_KEY", default="")),
        _weak_key_problem(
            "INTEGRATIONS_ENCRYPTION_KEYS",
            integration_secrets[0] if env.list("INTEGRATIONS_ENCRYPTION_KEYS", default=[]) else "",
        ),
    ]
    found = [problem for problem in problems if problem]
    if found:
        raise ImproperlyConfigured(
            "DJANGO_DEBUG=false (a deployment) needs its own secret keys: "
            + " ".join(found)
            + " Make each with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
            " (INTEGRATIONS_ENCRYPTION_KEYS as key-id:secret). See .env.example."
        )


if DEPLOYED:
    _deployment_keys_check()

# A chat WebSocket without a session or handshake token must send its `auth` frame within this.
CHAT_WEBSOCKET_AUTH_TIMEOUT_SECONDS = env.float("CHAT_WEBSOCKET_AUTH_TIMEOUT_SECONDS", default=5.0)

SPECTACULAR_SETTINGS = {
    "TITLE": "BanaYeni SanaEski API",
    "DESCRIPTION": (
        "Türkiye'nin yeni ve çıkma otomotiv yedek parça pazaryeri için JSON API. "
        "Her yanıt `success` alanını taşır; hatalar `error` zarfındadır."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/(?:v1/)?",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["marketplace.api.schema.document_api_routes"],
    # Several components have a `status` field with their own choices, and one choice set is
    # used by several endpoints: name each set.
    "ENUM_NAME_OVERRIDES": {
        "ConversationStatusEnum": ["active", "closed"],
        "HealthStatusEnum": ["ok", "fail"],
        "InterestTypeEnum": "interests.serializers.TYPE_CHOICES",
    },
    # Swagger UI's files ship with drf-spectacular-sidecar: no CDN, and CSP stays 'self'.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

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
        traces_sample_rate=_env_float("SENTRY_TRACES_SAMPLE_RATE", 0.0),
        **SENTRY_PRIVACY_OPTIONS,
    )
