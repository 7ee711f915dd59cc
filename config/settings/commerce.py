"""Buying on the platform: iyzico, seller identity checks, orders and shipping carriers. Part of
the shared settings (config/settings/base.py imports it); every value comes from the environment."""

from __future__ import annotations

from config.settings.environment import env, env_bool, env_float, env_int  # noqa: F401

# --- iyzico (payments/iyzico) -----------------------------------------------------------------
# Filled in by the iyzico adapter's change.


# --- KPSPublic identity check (payments, payout profiles) -------------------------------------
# Filled in by the payout profile's change.


# --- Orders -----------------------------------------------------------------------------------
# Filled in by the orders' change.


# --- Shipping carriers (shipping/) ------------------------------------------------------------
# Tracking look-ups (shipping/tracking/). A carrier whose credentials are empty is "not
# configured": its status is UNKNOWN without a network call, its tracking links still work.
# PTT, Sürat and UPS have tracking links only.
SHIPPING_TRACKING_TIMEOUT_SECONDS = env_float("SHIPPING_TRACKING_TIMEOUT_SECONDS", 10.0)
# Yurtiçi Kargo KOPS ShippingOrderDispatcherServices (SOAP, queryShipment).
YURTICI_WS_URL = env.str(
    "YURTICI_WS_URL",
    default="https://ws.yurticikargo.com/KOPSWebServices/ShippingOrderDispatcherServices",
)
YURTICI_WS_USERNAME = env.str("YURTICI_WS_USERNAME", default="")
YURTICI_WS_PASSWORD = env.str("YURTICI_WS_PASSWORD", default="")
YURTICI_WS_LANGUAGE = env.str("YURTICI_WS_LANGUAGE", default="TR")
YURTICI_KEY_TYPE = env_int("YURTICI_KEY_TYPE", 0)  # 0: the number is a cargo key, 1: an invoice key
# Aras Kargo ArasCargoIntegrationService (SOAP, GetQueryJSON).
ARAS_QUERY_URL = env.str(
    "ARAS_QUERY_URL",
    default="https://customerservices.araskargo.com.tr/ArasCargoCustomerIntegrationService/"
    "ArasCargoIntegrationService.svc",
)
ARAS_QUERY_USERNAME = env.str("ARAS_QUERY_USERNAME", default="")
ARAS_QUERY_PASSWORD = env.str("ARAS_QUERY_PASSWORD", default="")
ARAS_CUSTOMER_CODE = env.str("ARAS_CUSTOMER_CODE", default="")
# MNG Kargo REST API (IBM API Connect: client id/secret headers, then a JWT from /token).
MNG_API_BASE_URL = env.str("MNG_API_BASE_URL", default="https://api.mngkargo.com.tr")
MNG_CUSTOMER_NUMBER = env.str("MNG_CUSTOMER_NUMBER", default="")
MNG_PASSWORD = env.str("MNG_PASSWORD", default="")
MNG_CLIENT_ID = env.str("MNG_CLIENT_ID", default="")
MNG_CLIENT_SECRET = env.str("MNG_CLIENT_SECRET", default="")
MNG_API_VERSION = env.str("MNG_API_VERSION", default="")  # sent as x-api-version when set
