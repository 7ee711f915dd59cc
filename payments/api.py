"""`/api/me/payout-profile`: the seller's payout details (iyzico sub-merchant), to read masked
and to replace."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.fields import input_validated
from marketplace.api.responses import api_success
from marketplace.api.schema import envelope
from marketplace.models import User
from payments.selectors import payout_profile_for_user, payout_profile_view
from payments.serializers import (
    PayoutProfileDataSerializer,
    PayoutProfileInputSerializer,
    payout_profile_envelope_data,
)
from payments.services import SAVED_MESSAGE, payout_profile_save


def _user(request: Request) -> User:
    return request.user  # type: ignore[return-value]


class PayoutProfileApi(APIView):
    permission_classes = [permissions.IsAuthenticated]
    api_error_statuses = (400,)  # INVALID_TCKN, INVALID_VKN, INVALID_IBAN, IDENTITY_NOT_VERIFIED

    @extend_schema(
        operation_id="me_payout_profile_retrieve",
        summary="My payout details (identity numbers and IBAN masked)",
        responses={200: envelope(PayoutProfileDataSerializer(), name="PayoutProfileEnvelope")},
    )
    def get(self, request: Request) -> Response:
        view = payout_profile_for_user(user=_user(request))
        return api_success(payout_profile_envelope_data(view))

    @extend_schema(
        operation_id="me_payout_profile_update",
        summary="Enter or replace my payout details (checked with KPS when configured)",
        request=PayoutProfileInputSerializer,
        responses={200: envelope(PayoutProfileDataSerializer(), name="PayoutProfileSavedEnvelope")},
    )
    def put(self, request: Request) -> Response:
        body = input_validated(PayoutProfileInputSerializer, request.data)
        profile = payout_profile_save(user=_user(request), data=body)
        return api_success(
            payout_profile_envelope_data(payout_profile_view(profile)),
            message=SAVED_MESSAGE,
        )
