"""The REST API: DRF's classes and parsers, the rate limits per endpoint category, the search
answer cache and the OpenAPI schema. Part of the shared settings (config/settings/base.py imports
it)."""

from __future__ import annotations

from config.settings.environment import env_bool, env_int

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
    "NUM_PROXIES": env_int("NUM_PROXIES", 0),
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
    "orders": (60, 60),
    # Writing and answering reviews (reviews/api.py); the public lists count under "search".
    "reviews": (20, 60),
    "upload": (20, 3600),
}

# false: requests are still counted (and pay that cost) but never refused; for `make bench` only.
API_RATE_LIMITS_ENABLED = env_bool("API_RATE_LIMITS_ENABLED", True)

# How long visitors' search answers are kept (parts/search_cache.py); 0 turns the cache off.
SEARCH_CACHE_SECONDS = env_int("SEARCH_CACHE_SECONDS", 30)

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
        "OrderStateEnum": "orders.models.OrderState",
    },
    # Swagger UI's files ship with drf-spectacular-sidecar: no CDN, and CSP stays 'self'.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
