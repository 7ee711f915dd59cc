"""Shapes of the interests API: request bodies and the documented responses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import empty

from interests.models import Interest, InterestType
from marketplace.api.fields import PagingQuerySerializer, ServiceRuleChoiceField
from marketplace.timestamps import api_datetime
from parts.serializers import PaginationSerializer, PartSerializer, part_data


def interest_data(interest: Interest, *, with_part: bool = False) -> dict[str, Any]:
    """The contract's interest; `conversation_id` only where one exists (`interested`)."""
    data: dict[str, Any] = {"id": str(interest.id), "type": interest.type}
    if with_part:
        data["part"] = part_data(interest.part)
    conversation_id = getattr(interest, "conversation_id", None)
    if conversation_id is not None:
        data["conversation_id"] = str(conversation_id)
    if with_part:
        data["created_at"] = api_datetime(interest.created_at)
    return data


# --- Schema (documentation and response validation in tests) ---------------------------------
TYPE_CHOICES = InterestType.values


class InterestExpressRequestSerializer(serializers.Serializer[Any]):
    """The body; its rule is interests.services.interest_express's, checked first there (a body
    that is not a JSON object is an answer without a type)."""

    type = ServiceRuleChoiceField(choices=TYPE_CHOICES)

    def run_validation(self, data: Any = empty) -> Any:
        return super().run_validation(data if isinstance(data, Mapping) else {})


class InterestListQuerySerializer(PagingQuerySerializer):
    """`GET /api/interests`: blank parameters mean their defaults."""

    type = serializers.ChoiceField(
        choices=TYPE_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("Choose interested or not_interested.")},
    )


class InterestSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    type = serializers.ChoiceField(choices=TYPE_CHOICES)
    conversation_id = serializers.UUIDField(required=False, help_text="Present if interested")


class InterestExpressedSerializer(serializers.Serializer[Any]):
    interest = InterestSerializer()


class InterestWithPartSerializer(InterestSerializer):
    part = PartSerializer()
    created_at = serializers.DateTimeField()


class InterestListSerializer(serializers.Serializer[Any]):
    interests = InterestWithPartSerializer(many=True)
    pagination = PaginationSerializer()


class InterestWithdrawnSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()


class InterestedBuyerSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    name = serializers.CharField()
    email = serializers.CharField(help_text="Masked: k****@example.com")


class PartInterestSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    buyer = InterestedBuyerSerializer()
    conversation_id = serializers.UUIDField(allow_null=True)
    seller_phone_shared = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class PartInterestListSerializer(serializers.Serializer[Any]):
    part_id = serializers.UUIDField()
    interests = PartInterestSerializer(many=True)


class PhoneSharedSerializer(serializers.Serializer[Any]):
    conversation_id = serializers.UUIDField()
    seller_phone_shared_at = serializers.DateTimeField()
