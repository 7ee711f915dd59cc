"""Phone numbers in pages: Turkish display form, and call and WhatsApp links."""

from __future__ import annotations

from django import template

from marketplace.phone import format_phone_national

register = template.Library()


@register.filter
def phone_national(e164: str) -> str:
    """`+905321112233` → `0532 111 22 33`."""
    return format_phone_national(e164 or "")


@register.filter
def whatsapp_link(e164: str) -> str:
    """The wa.me link of a stored E.164 number (digits only, no plus)."""
    return "https://wa.me/" + "".join(character for character in e164 or "" if character.isdigit())
