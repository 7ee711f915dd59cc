"""Shapes of the interests API: request bodies and the documented responses."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from interests.models import Interest, InterestType
from parts.serializers import PaginationSerializer, PartSerializer, api_datetime, part_data


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
    """Documents the body; the rules themselves are in interests.services.interest_express."""

    type = serializers.ChoiceField(choices=TYPE_CHOICES)


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
