"""GA4 Measurement Protocol: POST {base}/mp/collect?measurement_id=…&api_secret=… with JSON
`{"client_id", "user_id", "non_personalized_ads": true, "events": [{"name", "params"}]}`.
Google answers 2xx (204) without validating; 5xx and 429 are worth retrying."""

from __future__ import annotations

from typing import Any

import requests
from django.conf import settings

from integrations.errors import error_kind_for_http_status
from integrations.sms.base import SmsResult


def ga4_event_send(*, client_id: str, name: str, params: dict[str, Any]) -> SmsResult:
    body = {
        "client_id": client_id,
        "user_id": client_id,
        "non_personalized_ads": True,
        "events": [{"name": name, "params": {**params, "engagement_time_msec": 1}}],
    }
    try:
        response = requests.post(
            f"{settings.GA4_API_BASE_URL.rstrip('/')}/mp/collect",
            params={
                "measurement_id": settings.GA4_MEASUREMENT_ID,
                "api_secret": settings.GA4_API_SECRET,
            },
            json=body,
            timeout=settings.GA4_TIMEOUT_SECONDS,
            allow_redirects=False,
        )
    except requests.RequestException as error:
        return SmsResult.unreachable("ga4", error)
    if 200 <= response.status_code < 300:
        return SmsResult(ok=True, provider="ga4", status=str(response.status_code))
    return SmsResult(
        ok=False,
        provider="ga4",
        status=str(response.status_code),
        error_code=str(response.status_code),
        error_message=response.text[:200],
        error_kind=error_kind_for_http_status(response.status_code),
    )
