"""Serializer fields that apply a listing's rules from `parts.validation` (one rule, one place):
the API's request bodies and the search's query string go through these."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext
from rest_framework import serializers
from rest_framework.fields import empty

from parts.validation import FieldProblem


def field_rule(clean: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A `parts.validation` cleaner as a field's parser: its FieldProblem becomes the field's
    error, tagged with the contract's code (INVALID_TURKISH_CITY…) where it has one."""

    def parse(value: Any) -> Any:
        try:
            return clean(value)
        except FieldProblem as problem:
            raise serializers.ValidationError(
                [str(problem.message)], code=problem.code.value
            ) from None

    return parse


class ListingRuleMixin:
    """A listing field: whatever was sent (null too) goes through the field's cleaner; a missing
    field is DRF's "required" (or skipped in a partial update)."""

    def __init__(self, *args: Any, clean: Callable[[Any], Any], **kwargs: Any) -> None:
        self.clean = field_rule(clean)
        super().__init__(*args, **kwargs)

    def run_validation(self, data: Any = empty) -> Any:
        if data is empty:
            return super().run_validation(data)  # type: ignore[misc]
        return self.clean(data)


class ListingCharField(ListingRuleMixin, serializers.CharField):
    pass


class ListingChoiceField(ListingRuleMixin, serializers.ChoiceField):
    pass


class ListingDecimalField(ListingRuleMixin, serializers.DecimalField):
    pass


class ListingIntegerField(ListingRuleMixin, serializers.IntegerField):
    pass


class PhotoListField(serializers.ListField):
    """`images`: upload URLs or base64 texts; null or nothing is none (refused when the field is
    `allow_empty=False`: adding photos needs one). How many a listing may have is the service's
    rule (it knows how many the listing already has)."""

    def run_validation(self, data: Any = empty) -> Any:
        if data is empty or not data:
            if not self.allow_empty:
                raise serializers.ValidationError([gettext("Choose a photo.")])
            return []
        if not isinstance(data, list) or not all(isinstance(photo, str) for photo in data):
            raise serializers.ValidationError(
                [gettext("Send images as a list of URLs or base64 texts.")]
            )
        return data


class PhotoIdListField(serializers.ListField):
    """`image_ids`: the listing's photo ids, as a list of UUID texts."""

    def run_validation(self, data: Any = empty) -> Any:
        try:
            if not isinstance(data, list) or not all(isinstance(value, str) for value in data):
                raise ValueError
            return [uuid.UUID(value) for value in data]
        except ValueError:
            raise serializers.ValidationError(
                [gettext("Send image_ids as a list of photo ids.")]
            ) from None
