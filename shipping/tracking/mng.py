"""MNG Kargo tracking: the REST API behind IBM API Connect (api.mngkargo.com.tr/mngapi/api).

Two calls, as MNG's API portal documents them; every call carries the application's
`X-IBM-Client-Id` and `X-IBM-Client-Secret` headers (and `x-api-version` when MNG gave one):
1. `POST /mngapi/api/token` with `{"customerNumber", "password", "identityType": 1}` answers
   `{"jwt", "refreshToken", "jwtExpireDate", "refreshTokenExpireDate"}`; the JWT is kept in the
   cache until shortly before it expires and asked for again after a 401.
2. `GET /mngapi/api/standardqueryapi/getshipmentstatus/{number}` with `Authorization: Bearer
   <jwt>` answers a JSON list of shipments (`shipmentStatusCode`, `shipmentStatus`, `isDelivered`,
   `deliveryDateTime`, …); an unknown number gives 404 or an empty list.

Status mapping (`isDelivered` = 1 wins; otherwise `shipmentStatusCode`):

| code | MNG                                   | ours             |
|------|---------------------------------------|------------------|
| 1    | accepted at the branch                | in_transit       |
| 2    | in transfer                           | in_transit       |
| 3    | at the delivery branch                | in_transit       |
| 4    | out for delivery                      | out_for_delivery |
| 5    | delivered                             | delivered        |
| 6    | could not be delivered (tried again)  | in_transit       |
| 7    | returned to the sender                | returned         |
| else | created / not handed over / cancelled | unknown          |

`getshipmentstatus` has no movement list, so `events` stays empty for MNG.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import requests
from django.conf import settings
from django.core.cache import cache

from shipping.business_days import ISTANBUL
from shipping.carriers import Carrier
from shipping.tracking.base import TrackingAdapter, TrackingResult, TrackingStatus

TOKEN_PATH = "/mngapi/api/token"  # noqa: S105 - a URL path, not a secret
STATUS_PATH = "/mngapi/api/standardqueryapi/getshipmentstatus/"
STATUS_MAP = {
    "1": TrackingStatus.IN_TRANSIT,
    "2": TrackingStatus.IN_TRANSIT,
    "3": TrackingStatus.IN_TRANSIT,
    "4": TrackingStatus.OUT_FOR_DELIVERY,
    "5": TrackingStatus.DELIVERED,
    "6": TrackingStatus.IN_TRANSIT,
    "7": TrackingStatus.RETURNED,
}
TOKEN_FALLBACK_SECONDS = 50 * 60
TOKEN_MARGIN_SECONDS = 60


def _parse_datetime(text: Any) -> datetime | None:
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ISTANBUL)
    return moment


class MngAdapter(TrackingAdapter):
    carrier = Carrier.MNG

    def is_configured(self) -> bool:
        return bool(
            settings.MNG_CUSTOMER_NUMBER
            and settings.MNG_PASSWORD
            and settings.MNG_CLIENT_ID
            and settings.MNG_CLIENT_SECRET
        )

    def _headers(self) -> dict[str, str]:
        headers = {
            "X-IBM-Client-Id": settings.MNG_CLIENT_ID,
            "X-IBM-Client-Secret": settings.MNG_CLIENT_SECRET,
            "Accept": "application/json",
        }
        if settings.MNG_API_VERSION:
            headers["x-api-version"] = settings.MNG_API_VERSION
        return headers

    def _token_cache_key(self) -> str:
        account = (
            f"{settings.MNG_API_BASE_URL}|{settings.MNG_CUSTOMER_NUMBER}|{settings.MNG_CLIENT_ID}"
        )
        return "shipping:mng:jwt:" + hashlib.sha256(account.encode()).hexdigest()[:32]

    def _request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        try:
            return requests.request(
                method,
                settings.MNG_API_BASE_URL.rstrip("/") + path,
                timeout=settings.SHIPPING_TRACKING_TIMEOUT_SECONDS,
                **kwargs,
            )
        except requests.RequestException as error:
            raise self.unavailable(f"network: {type(error).__name__}") from error

    def _token(self, *, fresh: bool) -> str:
        key = self._token_cache_key()
        if not fresh:
            cached = cache.get(key)
            if isinstance(cached, str) and cached:
                return cached
        response = self._request(
            "POST",
            TOKEN_PATH,
            json={
                "customerNumber": settings.MNG_CUSTOMER_NUMBER,
                "password": settings.MNG_PASSWORD,
                "identityType": 1,
            },
            headers=self._headers(),
        )
        if response.status_code != 200:
            raise self.unavailable(f"token: HTTP {response.status_code}: {response.text[:200]}")
        try:
            answer = response.json()
        except ValueError:
            raise self.unavailable("token: not JSON") from None
        jwt = answer.get("jwt") if isinstance(answer, dict) else None
        if not isinstance(jwt, str) or not jwt:
            raise self.unavailable("token: no jwt in the answer")
        expires = _parse_datetime(answer.get("jwtExpireDate"))
        seconds = TOKEN_FALLBACK_SECONDS
        if expires is not None:
            seconds = int((expires - datetime.now(UTC)).total_seconds()) - TOKEN_MARGIN_SECONDS
        if seconds > 0:
            cache.set(key, jwt, timeout=seconds)
        return jwt

    def _status_response(self, *, tracking_number: str, token: str) -> requests.Response:
        return self._request(
            "GET",
            STATUS_PATH + quote(tracking_number, safe=""),
            headers={**self._headers(), "Authorization": f"Bearer {token}"},
        )

    def fetch(self, *, tracking_number: str) -> TrackingResult:
        if not self.is_configured():
            return self.unknown(tracking_number=tracking_number)
        response = self._status_response(
            tracking_number=tracking_number, token=self._token(fresh=False)
        )
        if response.status_code == 401:
            # The kept JWT expired or was revoked early: one more try with a new one.
            response = self._status_response(
                tracking_number=tracking_number, token=self._token(fresh=True)
            )
        if response.status_code == 404:
            return self.unknown(tracking_number=tracking_number)
        if response.status_code != 200:
            raise self.unavailable(f"status: HTTP {response.status_code}: {response.text[:200]}")
        try:
            answer = response.json()
        except ValueError:
            raise self.unavailable("status: not JSON") from None
        shipment = answer[0] if isinstance(answer, list) and answer else answer
        if not isinstance(shipment, dict) or not shipment:
            return self.unknown(tracking_number=tracking_number)
        return self._result(shipment, tracking_number=tracking_number)

    def _result(self, shipment: dict[str, Any], *, tracking_number: str) -> TrackingResult:
        code = (
            ""
            if shipment.get("shipmentStatusCode") is None
            else str(shipment["shipmentStatusCode"])
        )
        status = STATUS_MAP.get(code, TrackingStatus.UNKNOWN)
        if str(shipment.get("isDelivered") or "0") == "1":
            status = TrackingStatus.DELIVERED
        delivered_at = None
        if status == TrackingStatus.DELIVERED:
            delivered_at = _parse_datetime(shipment.get("deliveryDateTime"))
        return TrackingResult(
            carrier=self.carrier,
            tracking_number=tracking_number,
            status=status,
            delivered_at=delivered_at,
            raw_status=code,
        )
