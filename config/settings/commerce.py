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
# Filled in by the carriers' change.
