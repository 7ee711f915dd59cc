"""Buying on the platform: iyzico, seller identity checks, orders and shipping carriers. Part of
the shared settings (config/settings/base.py imports it); every value comes from the environment."""

from __future__ import annotations

from config.settings.environment import env, env_bool, env_float, env_int  # noqa: F401

# --- iyzico (payments/iyzico) -----------------------------------------------------------------
# Filled in by the iyzico adapter's change.


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
# Filled in by the orders' change.


# --- Shipping carriers (shipping/) ------------------------------------------------------------
# Filled in by the carriers' change.
