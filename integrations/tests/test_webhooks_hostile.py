"""Correctly signed webhook bodies of a shape the providers do not send: never a 500 (issue 17).

Meta retries every non-2xx answer, so a signed JSON body it cannot have meant is answered 200 and
ignored; a body that is not JSON at all stays a 400. A Twilio form without its MessageSid or
with a NUL character (which PostgreSQL cannot store) is a 400.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import pytest
from django.test import Client

from integrations.models import WebhookReceipt
from integrations.tests import test_webhooks
from integrations.tests.fake_meta import APP_SECRET, FakeMeta
from integrations.tests.fake_twilio import FakeTwilio
from integrations.tests.test_webhooks import INBOUND_PATH, META_PATH, STATUS_PATH, _twilio_post
from marketplace.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_in_process")]
phone_user = test_webhooks.phone_user  # the fixture: a user with SMS and WhatsApp on

WABA = '"object": "whatsapp_business_account"'


def _meta_post_raw(client: Client, raw: bytes) -> Any:
    signature = "sha256=" + hmac.new(APP_SECRET.encode(), raw, hashlib.sha256).hexdigest()
    return client.post(
        META_PATH, raw, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=signature
    )


def _change(value: str) -> str:
    return '{%s, "entry": [{"changes": [{"value": %s}]}]}' % (WABA, value)  # noqa: UP031


@pytest.mark.parametrize(
    "body",
    [
        "[]",
        "null",
        '"IPTAL"',
        '{"entry": "x"}',
        '{"entry": [{"changes": [{"value": null}]}]}',
        "{%s}" % WABA,  # noqa: UP031
        '{%s, "entry": "x"}' % WABA,  # noqa: UP031
        '{%s, "entry": [1, null, "x", []]}' % WABA,  # noqa: UP031
        '{%s, "entry": [{"changes": "x"}]}' % WABA,  # noqa: UP031
        _change("null"),
        _change("[]"),
        _change('{"statuses": "x", "messages": {"id": "wamid.1"}}'),
        _change('{"statuses": [null, 1, "x"], "messages": [null, 1, "x"]}'),
        _change('{"statuses": [{"id": {"a": 1}, "status": ["delivered"], "errors": "x"}]}'),
        _change('{"statuses": [{"id": "wamid.\\u0000", "status": "delivered"}]}'),
        _change('{"statuses": [{"id": "wamid.2", "status": "delivered", "errors": [null]}]}'),
        _change('{"messages": [{"id": "wamid.\\u0000", "type": "text", "text": {"body": "x"}}]}'),
        _change('{"messages": [{"id": "wamid.3", "type": "text", "text": "IPTAL"}]}'),
        _change(
            '{"messages": [{"id": "wamid.4", "from": {"a": 1}, "type": "text",'
            ' "text": {"body": ["IPTAL"]}}]}'
        ),
        _change(
            '{"messages": [{"id": "wamid.5", "from": "90532\\u0000", "type": "text",'
            ' "text": {"body": "IPTAL"}}]}'
        ),
    ],
)
def test_signed_meta_body_of_unexpected_shape_is_answered_200_and_ignored(
    client: Client,
    fake_meta: FakeMeta,
    phone_user: User,
    body: str,
) -> None:
    response = _meta_post_raw(client, body.encode())
    assert response.status_code == 200
    phone_user.refresh_from_db()
    assert phone_user.notify_whatsapp is True
    keys = WebhookReceipt.objects.values_list("event_key", flat=True)
    assert all("\x00" not in key for key in keys)


@pytest.mark.parametrize(
    "raw",
    [b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 100_000 + b"1" + b"}" * 100_000, b"\xff\xfe\xfd"],
    ids=["nested-arrays", "nested-objects", "not-utf-8"],
)
def test_signed_meta_body_that_is_not_readable_json_is_400(
    client: Client, fake_meta: FakeMeta, raw: bytes
) -> None:
    assert _meta_post_raw(client, raw).status_code == 400


@pytest.mark.parametrize(
    "form",
    [
        {"MessageStatus": "delivered", "To": "+905321234567"},
        {"MessageSid": "SM1", "To": "+905321234567"},
        {"MessageSid": "SM\x001", "MessageStatus": "delivered", "To": "+905321234567"},
        {"MessageSid": "SM1", "MessageStatus": "delivered", "ErrorCode": "3\x00"},
    ],
    ids=["no-sid", "no-status", "nul-sid", "nul-error-code"],
)
def test_signed_twilio_status_without_its_fields_or_with_a_nul_is_400(
    client: Client, fake_twilio: FakeTwilio, settings: Any, form: dict[str, str]
) -> None:
    response = _twilio_post(client, STATUS_PATH, form, settings)
    assert response.status_code == 400
    assert not WebhookReceipt.objects.exists()


def test_signed_twilio_inbound_with_a_nul_is_400_and_changes_nothing(
    client: Client,
    fake_twilio: FakeTwilio,
    phone_user: User,
    settings: Any,
) -> None:
    form = {"MessageSid": "SM\x00" + "3" * 31, "From": "+905321234567", "Body": "IPTAL"}
    response = _twilio_post(client, INBOUND_PATH, form, settings)
    assert response.status_code == 400
    phone_user.refresh_from_db()
    assert phone_user.notify_sms is True
    assert not WebhookReceipt.objects.exists()
