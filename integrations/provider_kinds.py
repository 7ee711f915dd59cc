"""The catalogue of providers the Integration Center can connect: their channel, adapter class
and settings form. Plain data, a leaf module (the models name a connection by its label here)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from integrations.choices import Channel


@dataclass(frozen=True)
class ProviderField:
    name: str
    label: StrOrPromise
    secret: bool = False
    required: bool = True
    help_text: StrOrPromise = ""
    # (value, label) pairs: a choice instead of free text.
    choices: tuple[tuple[str, StrOrPromise], ...] = ()


@dataclass(frozen=True)
class ProviderKind:
    key: str
    label: StrOrPromise
    channel: Channel
    backend: str  # dotted path of the adapter class; it takes `config=` (settings + secrets)
    fields: tuple[ProviderField, ...]

    @property
    def provider_name(self) -> str:
        """As recorded on attempts and used by the circuit breaker and webhooks."""
        return f"{self.channel}-{self.key.split('_')[0]}"


PROVIDER_KINDS: dict[str, ProviderKind] = {
    kind.key: kind
    for kind in (
        ProviderKind(
            key="twilio_sms",
            label=_("Twilio SMS"),
            channel=Channel.SMS,
            backend="integrations.sms.backends.twilio.TwilioSmsBackend",
            fields=(
                ProviderField("account_sid", _("Account SID")),
                ProviderField("auth_token", _("Auth token"), secret=True),
                ProviderField(
                    "from_number",
                    _("Sender number"),
                    required=False,
                    help_text=_("E.164, e.g. +905321234567; or give a Messaging Service SID."),
                ),
                ProviderField("messaging_service_sid", _("Messaging Service SID"), required=False),
            ),
        ),
        ProviderKind(
            key="netgsm_sms",
            label=_("Netgsm SMS"),
            channel=Channel.SMS,
            backend="integrations.sms.backends.netgsm.NetgsmSmsBackend",
            fields=(
                ProviderField("usercode", _("User code")),
                ProviderField("password", _("API password"), secret=True),
                ProviderField("msgheader", _("Sender name (approved header)")),
            ),
        ),
        ProviderKind(
            key="iletimerkezi_sms",
            label=_("İleti Merkezi SMS"),
            channel=Channel.SMS,
            backend="integrations.sms.backends.iletimerkezi.IletiMerkeziSmsBackend",
            fields=(
                ProviderField("api_key", _("API key")),
                ProviderField("api_secret", _("API secret"), secret=True),
                ProviderField("sender", _("Sender name (approved header)")),
            ),
        ),
        ProviderKind(
            key="meta_whatsapp",
            label=_("WhatsApp Cloud API (Meta)"),
            channel=Channel.WHATSAPP,
            backend="integrations.whatsapp.backends.meta_cloud.MetaCloudWhatsAppBackend",
            fields=(
                ProviderField("phone_number_id", _("Phone number ID")),
                ProviderField("access_token", _("Access token"), secret=True),
                ProviderField(
                    "app_secret",
                    _("App secret"),
                    secret=True,
                    required=False,
                    help_text=_("Checks the signature of incoming webhooks."),
                ),
                ProviderField(
                    "verify_token", _("Webhook verify token"), secret=True, required=False
                ),
            ),
        ),
        ProviderKind(
            key="smtp_email",
            label=_("SMTP e-mail server"),
            channel=Channel.EMAIL,
            backend="integrations.mail.SmtpEmailProvider",
            fields=(
                ProviderField("host", _("SMTP server"), help_text=_("e.g. smtp.yandex.com.tr")),
                ProviderField(
                    "port", _("Port"), help_text=_("587 with STARTTLS, 465 with SSL, 25 without")
                ),
                ProviderField(
                    "tls_mode",
                    _("Encryption"),
                    choices=(
                        ("starttls", _("STARTTLS")),
                        ("ssl", _("SSL/TLS")),
                        ("none", _("None (only inside a trusted network)")),
                    ),
                ),
                ProviderField("username", _("User name"), required=False),
                ProviderField("password", _("SMTP password"), secret=True, required=False),
                ProviderField(
                    "from_email",
                    _("Sender address"),
                    help_text=_("e.g. BanaYeni SanaEski <bilgi@example.com>"),
                ),
            ),
        ),
        ProviderKind(
            key="brevo_email",
            label=_("Brevo e-mail"),
            channel=Channel.EMAIL,
            backend="integrations.mail.BrevoEmailProvider",
            fields=(
                ProviderField("api_key", _("API key"), secret=True),
                ProviderField(
                    "from_email",
                    _("Sender address"),
                    help_text=_("An address of a sender verified at Brevo."),
                ),
            ),
        ),
    )
}


def provider_kind(key: str) -> ProviderKind:
    return PROVIDER_KINDS[key]
