"""WhatsApp through Twilio's Messages API (the same REST resource as SMS, documented wire format).

From and To carry the `whatsapp:` prefix. Business-initiated messages use an approved Content
template: `ContentSid` (HX…, kept as the template's provider name in the admin) and
`ContentVariables`, a JSON object numbering the body variables from "1". Without a ContentSid the
rendered text goes as `Body` (Twilio accepts that only inside a 24-hour customer session).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from integrations.sms.backends.twilio import TwilioSmsBackend
from integrations.sms.base import SmsResult
from integrations.whatsapp.base import WhatsAppBackend, WhatsAppMessage


class TwilioWhatsAppBackend(WhatsAppBackend):
    name = "twilio"

    def __init__(self, config: Mapping[str, Any] | None = None) -> None:
        if config is None:
            config = {
                "account_sid": settings.TWILIO_ACCOUNT_SID,
                "auth_token": settings.TWILIO_AUTH_TOKEN,
                "from_number": settings.TWILIO_WHATSAPP_FROM,
            }
        if not config.get("from_number"):
            raise ImproperlyConfigured("The Twilio WhatsApp backend needs TWILIO_WHATSAPP_FROM.")
        self.messages = TwilioSmsBackend(config={**config, "messaging_service_sid": ""})

    def send(self, message: WhatsAppMessage) -> SmsResult:
        form = {
            "To": f"whatsapp:{message.to}",
            "From": f"whatsapp:{self.messages.from_number.removeprefix('whatsapp:')}",
        }
        if message.template_name.startswith("HX"):
            form["ContentSid"] = message.template_name
            form["ContentVariables"] = json.dumps(
                {str(index): value for index, value in enumerate(message.variables, start=1)},
                ensure_ascii=False,
            )
        else:
            form["Body"] = message.text
        return self.messages.post_message(form)

    def check(self) -> SmsResult:
        return self.messages.check()
