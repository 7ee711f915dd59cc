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


# --- KPSPublic identity check (payments, payout profiles) -------------------------------------
# Filled in by the payout profile's change.


# --- Orders -----------------------------------------------------------------------------------
# Filled in by the orders' change.


# --- Shipping carriers (shipping/) ------------------------------------------------------------
# Filled in by the carriers' change.
