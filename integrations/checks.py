"""System checks: a misconfigured SMS backend stops `manage.py check` instead of the first login."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

CONSOLE_BACKEND = "integrations.sms.backends.console.ConsoleSmsBackend"


@checks.register()
def sms_backend_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from integrations.sms import sms_backend_get

    try:
        sms_backend_get(settings.SMS_BACKEND)  # the environment backend; no database here
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="integrations.E001")]
    return []


@checks.register(checks.Tags.security, deploy=True)
def sms_backend_deploy_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if settings.SMS_BACKEND == CONSOLE_BACKEND:
        return [
            checks.Warning(
                "SMS_BACKEND is the console backend: phone codes are logged, not sent.",
                hint="Set SMS_BACKEND=integrations.sms.backends.twilio.TwilioSmsBackend.",
                id="integrations.W001",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def encryption_keys_deploy_check(
    app_configs: Any = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """Provider credentials and one-time codes are encrypted with INTEGRATIONS_ENCRYPTION_KEYS;
    without it they fall back to a key derived from SECRET_KEY, so one leaked key opens both."""
    if [secret for _key_id, secret in settings.INTEGRATIONS_ENCRYPTION_KEYS] == [
        settings.SECRET_KEY
    ]:
        return [
            checks.Warning(
                "INTEGRATIONS_ENCRYPTION_KEYS is not set: provider credentials and one-time "
                "codes are encrypted with a key derived from SECRET_KEY.",
                hint="Set INTEGRATIONS_ENCRYPTION_KEYS=key-id:<50+ random characters>.",
                id="integrations.W002",
            )
        ]
    return []
