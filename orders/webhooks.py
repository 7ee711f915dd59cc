"""iyzico's payment notifications (`POST /api/webhooks/iyzico`): verified, applied once.

iyzico signs the event (X-IYZ-SIGNATURE-V3) but not the amounts, so a verified event only tells us
to look: the payment is retrieved again and checked (orders.services.order_payment_confirm) before
anything changes. Each notification's reference code is recorded in the same transaction as the
change: a replay, or a duplicate racing it, finds the row and changes nothing; a failure rolls the
row back with the change, and iyzico's retry finds the work still to do.
"""

from __future__ import annotations

import json
import logging

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from integrations.services import webhook_first_time
from marketplace.errors import DomainError
from orders.error_codes import OrderErrorCode
from orders.rules import order_pk_parse
from orders.services import order_payment_confirm
from payments.services import IyzicoSignatureError, iyzico_webhook_verify

logger = logging.getLogger(__name__)


def _answer(status: int, **body: str) -> HttpResponse:
    return HttpResponse(json.dumps(body), status=status, content_type="application/json")


@csrf_exempt
@require_POST
def iyzico_webhook(request: HttpRequest) -> HttpResponse:
    try:
        event = iyzico_webhook_verify(headers=request.headers, body=request.body)
    except IyzicoSignatureError as error:
        logger.warning("iyzico webhook refused: %s", error)
        return _answer(401, error="INVALID_SIGNATURE")
    if event.status != "SUCCESS" or not event.token:
        return _answer(200, result="ignored")
    try:
        order_id = order_pk_parse(event.payment_conversation_id)
        with transaction.atomic():
            key = event.reference_code or f"{event.payment_id}:{event.event_type}:{event.status}"
            if not webhook_first_time(provider="iyzico", event_key=key):
                return _answer(200, result="duplicate")
            order_payment_confirm(order_id=order_id, token=event.token)
    except DomainError as error:
        if error.code == OrderErrorCode.PAYMENT_PROVIDER_UNAVAILABLE:
            return _answer(503, error=str(error.code))  # iyzico tries again later
        # Not ours (unknown order or token) or a payment that failed: nothing to retry.
        return _answer(200, result="ignored")
    return _answer(200, result="applied")
