"""Input shapes shared by every app's API: Turkish cities, phone numbers, strict strings, and
whole-number query parameters."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from marketplace.cities import resolve_city
from marketplace.errors import ERROR_MESSAGES, DomainError, ErrorCode
from marketplace.phone import InvalidPhoneError, normalize_phone


class TurkishCityField(serializers.CharField):
    """Any spelling of a province in, the canonical name out; else INVALID_TURKISH_CITY."""

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        city = resolve_city(value)
        if city is None:
            raise serializers.ValidationError(
                str(ERROR_MESSAGES[ErrorCode.INVALID_TURKISH_CITY]),
                code=ErrorCode.INVALID_TURKISH_CITY.value,
            )
        return city


class PhoneNumberField(serializers.CharField):
    """A Turkish phone number in any common spelling in, E.164 out."""

    def __init__(self, *, mobile_only: bool = False, **kwargs: Any) -> None:
        self.mobile_only = mobile_only
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        try:
            return normalize_phone(value, mobile_only=self.mobile_only)
        except InvalidPhoneError as error:
            raise serializers.ValidationError(str(error.message), code="invalid_phone") from None


class StrictCharField(serializers.CharField):
    """Only JSON strings: a number or a list is a field error, never silently turned into text."""

    default_error_messages = {"invalid": _("Must be text.")}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictEmailField(serializers.EmailField):
    """An e-mail address that arrived as a JSON string."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


def query_whole_number(params: Any, name: str, *, default: int, minimum: int, maximum: int) -> int:
    """A whole-number query parameter (`limit`, `offset`…) within bounds, else VALIDATION_ERROR
    naming the parameter."""
    raw = params.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = minimum - 1
    if not minimum <= value <= maximum:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            details={
                name: [
                    gettext("Enter a whole number from %(minimum)d to %(maximum)d.")
                    % {"minimum": minimum, "maximum": maximum}
                ]
            },
        )
    return value
