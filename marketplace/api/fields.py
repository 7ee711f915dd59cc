"""Input shapes shared by every app's API: Turkish cities, phone numbers, strict strings, and
query-string parameters (typed in the schema, read leniently, refused in Turkish)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import empty

from marketplace.cities import resolve_city
from marketplace.errors import ErrorCode
from marketplace.phone import InvalidPhoneError, normalize_phone
from marketplace.text import NUL_MESSAGE, has_nul
from marketplace.timestamps import timestamp_parse

_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


class TurkishCityField(serializers.CharField):
    """Any spelling of a province in, the canonical name out; else INVALID_TURKISH_CITY."""

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        city = resolve_city(value)
        if city is None:
            raise serializers.ValidationError(
                str(ErrorCode.INVALID_TURKISH_CITY.message),
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


class QueryParameterMixin:
    """A query-string parameter read leniently: trimmed; missing or blank means the field's default
    (or absent); a NUL is refused, naming the parameter; anything else goes through `parse_text`.

    `parse` (a callable taking the trimmed text) replaces the field's own reading where an app's
    rule already exists (e.g. `parts.validation`); it raises `serializers.ValidationError`."""

    def __init__(self, *args: Any, parse: Callable[[str], Any] | None = None, **kwargs: Any):
        self.parse = parse
        super().__init__(*args, **kwargs)

    def run_validation(self, data: Any = empty) -> Any:
        text = "" if data is empty or data is None else str(data).strip()
        if not text:
            return self.get_default()  # type: ignore[attr-defined]  # SkipField when none
        if has_nul(text):
            raise serializers.ValidationError([str(NUL_MESSAGE)])
        if self.parse is not None:
            return self.parse(text)
        return self.parse_text(text)

    def parse_text(self, text: str) -> Any:
        return text


class QueryTextField(QueryParameterMixin, serializers.CharField):
    """A text query parameter (blank is allowed: it means absent)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_blank", True)
        super().__init__(*args, **kwargs)


class QueryWholeNumberField(QueryParameterMixin, serializers.IntegerField):
    """A whole number within `min_value`…`max_value` (both required)."""

    def parse_text(self, text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise serializers.ValidationError([gettext("Enter a whole number.")]) from None
        minimum, maximum = int(self.min_value or 0), int(self.max_value or 0)
        if not minimum <= number <= maximum:
            raise serializers.ValidationError(
                [
                    gettext("Enter a number between %(minimum)d and %(maximum)d.")
                    % {"minimum": minimum, "maximum": maximum}
                ]
            )
        return number


class QueryDecimalField(QueryParameterMixin, serializers.DecimalField):
    """A decimal number; `parse` says how the app reads it (e.g. Turkish-style prices)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("coerce_to_string", False)  # documented as a number
        super().__init__(*args, **kwargs)


class QueryBooleanField(QueryParameterMixin, serializers.BooleanField):
    """true/1/yes or false/0/no, in any case."""

    def parse_text(self, text: str) -> bool:
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise serializers.ValidationError([gettext("Enter true or false.")])


class QueryDateTimeField(QueryParameterMixin, serializers.DateTimeField):
    """An ISO 8601 date and time (no offset means UTC), read by `timestamp_parse`."""

    def parse_text(self, text: str) -> datetime:
        parsed = timestamp_parse(text)
        if parsed is None:
            raise serializers.ValidationError(
                [gettext("Enter a date and time in ISO 8601 format (2025-08-06T10:30:00Z).")]
            )
        return parsed


class QueryChoiceField(QueryParameterMixin, serializers.ChoiceField):
    """One of the choices, exactly as written."""

    def parse_text(self, text: str) -> str:
        if text not in self.choices:
            raise serializers.ValidationError(
                [gettext("Choose one of: %(choices)s.") % {"choices": ", ".join(self.choices)}]
            )
        return text


class PagingNumberField(serializers.IntegerField):
    """`limit`/`offset` of the list endpoints: blank means the default; anything but a whole number
    within `min_value`…`max_value` (both required) is one message naming the bounds."""

    def run_validation(self, data: Any = empty) -> Any:
        if data is empty or data == "":
            return self.get_default()
        try:
            number = int(data)
        except (TypeError, ValueError):
            number = None
        minimum, maximum = int(self.min_value or 0), int(self.max_value or 0)
        if number is None or not minimum <= number <= maximum:
            raise serializers.ValidationError(
                [
                    gettext("Enter a whole number from %(minimum)d to %(maximum)d.")
                    % {"minimum": minimum, "maximum": maximum}
                ]
            )
        return number


class PagingQuerySerializer(serializers.Serializer[Any]):
    """`?limit=&offset=` of a list endpoint: blank means the default."""

    limit = PagingNumberField(
        required=False, default=20, min_value=1, max_value=100, help_text="At most 100"
    )
    offset = PagingNumberField(required=False, default=0, min_value=0, max_value=1_000_000)


def input_validated(
    serializer_class: type[serializers.Serializer[Any]], data: Any, **kwargs: Any
) -> dict[str, Any]:
    """A body or query string through its serializer; a refusal is a ValidationError, which the
    exception handler turns into the envelope (with the field's contract code, if any)."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class BodySerializer(serializers.Serializer[Any]):
    """A request body: anything but a JSON object is refused as a whole, under `body`."""

    def run_validation(self, data: Any = empty) -> Any:
        if data is not empty and not isinstance(data, Mapping):
            raise serializers.ValidationError({"body": [gettext("Send a JSON object.")]})
        return super().run_validation(data)


class ServiceRuleMixin:
    """A body field whose rule is the service's (which also serves the pages and WebSockets): the
    value sent is handed over as it came (a missing one is left out, even when documented as
    required), and the service refuses it in its own words. The field's type documents what the
    service accepts."""

    def run_validation(self, data: Any = empty) -> Any:
        if data is empty:
            return self.get_default()  # type: ignore[attr-defined]  # SkipField when none
        return data


class ServiceRuleCharField(ServiceRuleMixin, serializers.CharField):
    """Text whose rule is the service's."""


class ServiceRuleChoiceField(ServiceRuleMixin, serializers.ChoiceField):
    """One of the choices, as the service checks it."""
