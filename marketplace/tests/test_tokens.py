"""Access tokens: signed, short-lived, bound to an active user."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest
from django.conf import settings

from marketplace.tests.factories import UserFactory
from marketplace.tokens import (
    InvalidAccessToken,
    access_token_create,
    access_token_decode,
    user_get_for_access_token,
)

pytestmark = pytest.mark.django_db


def test_token_round_trip_and_fifteen_minute_lifetime() -> None:
    user = UserFactory.create()
    claims = access_token_decode(access_token_create(user=user))
    assert claims.user_id == user.pk
    assert (claims.expires_at - claims.issued_at) == timedelta(minutes=15)
    assert user_get_for_access_token(access_token_create(user=user))[0] == user


@pytest.mark.parametrize(
    ("payload_change", "reason"),
    [
        ({"typ": "refresh"}, "token_invalid"),
        ({"sub": "not-a-uuid"}, "token_invalid"),
    ],
)
def test_tokens_of_the_wrong_kind_are_refused(payload_change: dict, reason: str) -> None:
    user = UserFactory.create()
    payload = jwt.decode(
        access_token_create(user=user), settings.JWT_SIGNING_KEY, algorithms=["HS256"]
    )
    payload.update(payload_change)
    token = jwt.encode(payload, settings.JWT_SIGNING_KEY, algorithm="HS256")
    with pytest.raises(InvalidAccessToken) as error:
        user_get_for_access_token(token)
    assert error.value.reason == reason


def test_token_signed_with_another_key_or_alg_none_is_refused() -> None:
    user = UserFactory.create()
    payload = jwt.decode(
        access_token_create(user=user), settings.JWT_SIGNING_KEY, algorithms=["HS256"]
    )
    forged = jwt.encode(payload, "baska-anahtar-" * 4, algorithm="HS256")
    unsigned = jwt.encode(payload, "", algorithm="none")
    for token in (forged, unsigned):
        with pytest.raises(InvalidAccessToken) as error:
            access_token_decode(token)
        assert error.value.reason == "token_invalid"


def test_expired_token_is_refused() -> None:
    token = access_token_create(user=UserFactory.create(), lifetime=timedelta(seconds=-5))
    with pytest.raises(InvalidAccessToken) as error:
        access_token_decode(token)
    assert error.value.reason == "token_expired"
