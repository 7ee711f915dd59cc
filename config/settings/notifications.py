"""E-mail, SMS, WhatsApp and the notification outbox: how the site reaches people. Part of the
shared settings (config/settings/base.py imports it); every value comes from the environment."""

from __future__ import annotations

from config.settings.environment import env, env_bool, env_float, env_int

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 15)
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
# CONSOLE_MESSAGES_IN_FULL (the console backends log numbers and texts in full) follows DEBUG,
# so it is set in base.py.
TWILIO_ACCOUNT_SID = env.str("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env.str("TWILIO_AUTH_TOKEN", default="")
TWILIO_FROM_NUMBER = env.str("TWILIO_FROM_NUMBER", default="")
TWILIO_MESSAGING_SERVICE_SID = env.str("TWILIO_MESSAGING_SERVICE_SID", default="")
TWILIO_API_BASE_URL = env.str("TWILIO_API_BASE_URL", default="https://api.twilio.com")
TWILIO_TIMEOUT_SECONDS = env_float("TWILIO_TIMEOUT_SECONDS", 10.0)
# Turkish SMS providers (integrations.sms.backends.netgsm / .iletimerkezi).
SMS_TIMEOUT_SECONDS = env_float("SMS_TIMEOUT_SECONDS", 10.0)
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
WHATSAPP_TIMEOUT_SECONDS = env_float("WHATSAPP_TIMEOUT_SECONDS", 10.0)
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
NOTIFICATION_CLAIM_TIMEOUT_SECONDS = env_int("NOTIFICATION_CLAIM_TIMEOUT_SECONDS", 600)
