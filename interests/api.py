"""DRF endpoints of interest-gating: answer a listing, the answers' history, withdraw, the seller's
list of interested buyers and their "Telefonumu paylaş" approval."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from interests.selectors import interest_list_for_seller_part, interest_list_for_user
from interests.serializers import (
    InterestExpressedSerializer,
    InterestExpressRequestSerializer,
    InterestListQuerySerializer,
    InterestListSerializer,
    InterestWithdrawnSerializer,
    PartInterestListSerializer,
    PhoneSharedSerializer,
    interest_data,
)
from interests.services import (
    PHONE_SHARED_MESSAGE,
    WITHDRAWN_MESSAGE,
    interest_express,
    interest_withdraw,
    seller_phone_approve,
    uuid_or_none,
)
from marketplace.api.fields import input_validated
from marketplace.api.responses import api_success, pagination_data
from marketplace.api.schema import envelope
from marketplace.models import User
from marketplace.privacy import mask_email
from marketplace.timestamps import api_datetime


def _user(request: Request) -> User:
    return request.user  # type: ignore[return-value]


class PartInterestExpressView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    throttle_category = "interest"
    api_error_statuses = (409,)

    @extend_schema(
        operation_id="interests_express",
        summary="Answer a listing: interested (opens a chat) or not interested (hides it)",
        request=InterestExpressRequestSerializer,
        responses={201: envelope(InterestExpressedSerializer(), name="InterestExpressedEnvelope")},
    )
    def post(self, request: Request, part_id: str) -> Response:
        body = input_validated(InterestExpressRequestSerializer, request.data)
        result = interest_express(user=_user(request), part_id=part_id, type=body.get("type"))
        interest = result.interest
        if result.conversation is not None:
            interest.conversation_id = result.conversation.pk  # type: ignore[attr-defined]
        return api_success(
            {"interest": interest_data(interest)}, message=result.message, status=201
        )


class InterestListView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    api_error_statuses = (400,)  # invalid type, limit or offset

    @extend_schema(
        operation_id="interests_list",
        summary="The user's answers, newest first",
        parameters=[InterestListQuerySerializer],
        responses={200: envelope(InterestListSerializer(), name="InterestListEnvelope")},
    )
    def get(self, request: Request) -> Response:
        query = input_validated(InterestListQuerySerializer, request.query_params)
        type_filter = query.get("type")
        limit, offset = query["limit"], query["offset"]
        interests = interest_list_for_user(user=_user(request), type=type_filter)
        total = interests.count()
        page = list(interests[offset : offset + limit])
        return api_success(
            {
                "interests": [interest_data(interest, with_part=True) for interest in page],
                "pagination": pagination_data(
                    total=total, limit=limit, offset=offset, count=len(page)
                ),
            }
        )


class InterestDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    api_error_statuses = (409,)

    @extend_schema(
        operation_id="interests_withdraw",
        summary="Withdraw a not-interested mark (the part shows up again)",
        responses={200: envelope(InterestWithdrawnSerializer(), name="InterestWithdrawnEnvelope")},
    )
    def delete(self, request: Request, interest_id: str) -> Response:
        interest_withdraw(user=_user(request), interest_id=interest_id)
        return api_success({"id": interest_id}, message=WITHDRAWN_MESSAGE)


class PartInterestListView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="interests_for_part",
        summary="Who is interested in the seller's listing (seller only)",
        responses={200: envelope(PartInterestListSerializer(), name="PartInterestListEnvelope")},
    )
    def get(self, request: Request, part_id: str) -> Response:
        part, interests = interest_list_for_seller_part(
            seller=_user(request), part_id=uuid_or_none(part_id)
        )
        return api_success(
            {
                "part_id": str(part.id),
                "interests": [
                    {
                        "id": str(interest.id),
                        "buyer": {
                            "id": str(interest.user_id),
                            "name": interest.user.public_name,
                            "email": mask_email(interest.user.email),
                        },
                        "conversation_id": _optional_str(interest.conversation_id),  # type: ignore[attr-defined]
                        "seller_phone_shared": bool(
                            interest.conversation  # type: ignore[attr-defined]
                            and interest.conversation.seller_phone_shared_at  # type: ignore[attr-defined]
                        ),
                        "created_at": api_datetime(interest.created_at),
                    }
                    for interest in interests
                ],
            }
        )


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)


class ConversationSharePhoneView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    api_error_statuses = (409,)  # PHONE_NOT_VERIFIED

    @extend_schema(
        operation_id="conversations_share_phone",
        summary="Telefonumu paylaş: the seller shows their phone to this buyer (seller only)",
        request=None,
        responses={200: envelope(PhoneSharedSerializer(), name="PhoneSharedEnvelope")},
    )
    def post(self, request: Request, conversation_id: str) -> Response:
        conversation = seller_phone_approve(seller=_user(request), conversation_id=conversation_id)
        return api_success(
            {
                "conversation_id": str(conversation.pk),
                "seller_phone_shared_at": api_datetime(conversation.seller_phone_shared_at),  # type: ignore[arg-type]
            },
            message=PHONE_SHARED_MESSAGE,
        )
