"""The core's KVKK retention rules (see marketplace.retention): account deletion records, phone
codes and API refresh tokens. Periods are settings (config/settings/accounts.py)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.models import AccountDeletionLog, PhoneOtp, RefreshToken
from marketplace.retention import RetentionRule, retention_rule_register


def account_deletion_logs_purge(*, before: datetime) -> int:
    """Deletion records (no personal data but the account's id) older than the period."""
    old = AccountDeletionLog.objects.filter(deleted_at__lt=before)
    return old.delete()[1].get("marketplace.AccountDeletionLog", 0)


def phone_codes_purge(*, before: datetime) -> int:
    """SMS codes (hashed, with the requesting IP address) that expired before the cut-off."""
    old = PhoneOtp.objects.filter(expires_at__lt=before)
    return old.delete()[1].get("marketplace.PhoneOtp", 0)


def refresh_tokens_purge(*, before: datetime) -> int:
    """Refresh tokens (hashes, user agent, IP address) that expired or were revoked before the
    cut-off: a spent token is kept until then to detect a leaked copy being replayed."""
    old = RefreshToken.objects.filter(Q(expires_at__lt=before) | Q(revoked_at__lt=before))
    return old.delete()[1].get("marketplace.RefreshToken", 0)


def core_retention_rules_register() -> None:
    retention_rule_register(
        RetentionRule(
            name="account_deletion_logs",
            description=_(
                "Records that an account was deleted (no personal data, only the account's "
                "number): kept %(days)s days as proof of the deletion, then deleted."
            ),
            days=lambda: settings.KVKK_RETENTION_ACCOUNT_DELETION_LOG_DAYS,
            purge=account_deletion_logs_purge,
        )
    )
    retention_rule_register(
        RetentionRule(
            name="phone_codes",
            description=_(
                "SMS verification codes (stored hashed) and the IP address that asked for them: "
                "deleted %(days)s days after the code expired."
            ),
            days=lambda: settings.KVKK_RETENTION_PHONE_CODE_DAYS,
            purge=phone_codes_purge,
        )
    )
    retention_rule_register(
        RetentionRule(
            name="refresh_tokens",
            description=_(
                "Mobile app sessions (device name and IP address): deleted %(days)s days after "
                "the session expired or was ended."
            ),
            days=lambda: settings.KVKK_RETENTION_SESSION_DAYS,
            purge=refresh_tokens_purge,
        )
    )
