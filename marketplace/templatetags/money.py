"""Money in templates: `{{ price|try_price }}` -> `1.250,00 ₺`; "short" -> `1.250 ₺`."""

from __future__ import annotations

from decimal import Decimal

from django import template

from marketplace.money import format_try

register = template.Library()


@register.filter
def try_price(value: Decimal | int | str | None, style: str = "") -> str:
    if value is None or value == "":
        return ""
    return format_try(value, decimals=style != "short")
