"""Buying on the platform: iyzico, seller identity checks, orders and shipping carriers. Part of
the shared settings (config/settings/base.py imports it); every value comes from the environment."""

from __future__ import annotations

from config.settings.environment import env, env_bool, env_float, env_int  # noqa: F401

# --- iyzico (payments/iyzico) -----------------------------------------------------------------
# The merchant account's key pair (iyzico merchant panel: Settings > API keys). Empty keys make
# every call fail with iyzico's own error; the local sandbox accepts whatever pair it was started
# with (`python -m payments.iyzico.sandbox --api-key ... --secret-key ...`).
IYZICO_API_KEY = env.str("IYZICO_API_KEY", default="")
IYZICO_SECRET_KEY = env.str("IYZICO_SECRET_KEY", default="")
# https://api.iyzipay.com (live), https://sandbox-api.iyzipay.com, or the local sandbox's
# http://127.0.0.1:8091. No path: iyzipay sends absolute paths.
IYZICO_BASE_URL = env.str("IYZICO_BASE_URL", default="https://sandbox-api.iyzipay.com")
# Per call: connecting, and each wait for bytes of the answer.
IYZICO_TIMEOUT_SECONDS = env_float("IYZICO_TIMEOUT_SECONDS", 15.0)
# Where iyzico's hosted payment page lives (paymentPageUrl: https://sandbox-cpp.iyzipay.com?token=…
# in iyzico's sandbox, https://cpp.iyzipay.com live): the order page's payment form is answered
# with a redirect there, which CSP form-action must allow. `make run` sets the local sandbox's.
IYZICO_PAYMENT_PAGE_ORIGINS = env.list(
    "IYZICO_PAYMENT_PAGE_ORIGINS",
    default=["https://sandbox-cpp.iyzipay.com", "https://cpp.iyzipay.com"],
)


# --- KPSPublic identity check (payments, payout profiles) -------------------------------------
# NVİ's public TCKimlikNoDogrula service (payments/kps.py), e.g.
# https://tckimlik.nvi.gov.tr/Service/KPSPublic.asmx. Empty: not configured, and no individual
# seller is "Doğrulanmış satıcı" (a checksum proves nothing about the person).
KPS_URL = env.str("KPS_URL", default="")
KPS_SOAP_VERSION = env.str("KPS_SOAP_VERSION", default="1.1")  # "1.1" or "1.2"
KPS_TIMEOUT_SECONDS = env_float("KPS_TIMEOUT_SECONDS", 8.0)
# A check KPS did not answer stays pending; beat's sweep (payments.tasks.
# payout_profiles_pending_check_task, every KPS_PENDING_SWEEP_SECONDS: see CELERY_BEAT_SCHEDULE)
# asks again after KPS_RETRY_BASE_SECONDS, doubling each time, KPS_RETRY_MAX times; then the
# profile is left unverified and its owner is told to save it again.
KPS_RETRY_BASE_SECONDS = env_float("KPS_RETRY_BASE_SECONDS", 300.0)
KPS_RETRY_MAX = env_int("KPS_RETRY_MAX", 6)


# --- Orders -----------------------------------------------------------------------------------
# The platform's share of each order's total (part + shipping), rounded half-up to the kuruş; the
# seller's iyzico sub-merchant gets the rest (orders/money.py).
ORDER_COMMISSION_RATE = env.str("ORDER_COMMISSION_RATE", default="0.08")
# Instalment counts offered on iyzico's payment page (the bank and card decide which apply).
ORDER_INSTALLMENTS = [
    int(n) for n in env.list("ORDER_INSTALLMENTS", default=["1", "2", "3", "6", "9"])
]
# Not shipped within this many Turkish business days of payment: cancelled and refunded.
ORDER_SHIP_WITHIN_BUSINESS_DAYS = env_int("ORDER_SHIP_WITHIN_BUSINESS_DAYS", 3)
# Delivered and not confirmed by the buyer within this many days: approved by the beat.
ORDER_AUTO_COMPLETE_DAYS = env_int("ORDER_AUTO_COMPLETE_DAYS", 7)
# An unpaid payment request is reminded once (seed 000 `payment_reminder`) after this many hours.
ORDER_PAYMENT_REMINDER_HOURS = env_int("ORDER_PAYMENT_REMINDER_HOURS", 24)
# Return windows after delivery: individual sellers 2 days, business sellers 14 (Turkish
# distance-selling rules); a seller silent for 48 hours agrees to the return.
ORDER_RETURN_DAYS_INDIVIDUAL = env_int("ORDER_RETURN_DAYS_INDIVIDUAL", 2)
ORDER_RETURN_DAYS_BUSINESS = env_int("ORDER_RETURN_DAYS_BUSINESS", 14)
ORDER_RETURN_SILENCE_HOURS = env_int("ORDER_RETURN_SILENCE_HOURS", 48)
# An accepted return the seller never confirms receiving is refunded after this many days.
ORDER_RETURN_REFUND_DAYS = env_int("ORDER_RETURN_REFUND_DAYS", 10)
ORDER_RETURN_MAX_PHOTOS = env_int("ORDER_RETURN_MAX_PHOTOS", 5)


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
