"""Refresh-token rotation, reuse detection and logout (the service; the API tests use it too)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.errors import DomainError, ErrorCode
from marketplace.models import RefreshToken, User
from marketplace.services.sessions import session_create, session_refresh, session_revoke
from marketplace.tokens import user_get_for_access_token

pytestmark = pytest.mark.django_db


def test_a_session_is_an_access_token_and_a_refresh_token_stored_only_as_a_hash(user: User):
    session = session_create(user=user, user_agent="test", ip_address="127.0.0.1")
    assert user_get_for_access_token(session.access_token)[0] == user
    assert session.expires_in == 15 * 60
    stored = RefreshToken.objects.get(user=user)
    assert session.refresh_token not in stored.token_hash
    assert len(stored.token_hash) == 64


def test_refresh_rotates_within_the_family(user: User):
    first = session_create(user=user)
    second = session_refresh(refresh_token=first.refresh_token)
    assert second.refresh_token != first.refresh_token
    families = set(RefreshToken.objects.values_list("family", flat=True))
    assert len(families) == 1
    third = session_refresh(refresh_token=second.refresh_token)
    assert third.user == user


def test_reusing_a_spent_refresh_token_revokes_the_whole_family(user: User):
    first = session_create(user=user)
    second = session_refresh(refresh_token=first.refresh_token)
    elsewhere = session_create(user=user)  # another device: another family
    with pytest.raises(DomainError) as error:
        session_refresh(refresh_token=first.refresh_token)
    assert error.value.code == ErrorCode.INVALID_REFRESH_TOKEN
    with pytest.raises(DomainError):
        session_refresh(refresh_token=second.refresh_token)
    assert session_refresh(refresh_token=elsewhere.refresh_token).user == user


@pytest.mark.parametrize("token", ["", "nonsense", "x" * 500])
def test_unknown_refresh_tokens_are_refused(token: str):
    with pytest.raises(DomainError) as error:
        session_refresh(refresh_token=token)
    assert error.value.code == ErrorCode.INVALID_REFRESH_TOKEN


def test_expired_refresh_tokens_are_refused(user: User):
    session = session_create(user=user)
    RefreshToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(DomainError):
        session_refresh(refresh_token=session.refresh_token)


def test_inactive_users_cannot_refresh_or_start_sessions(user: User):
    session = session_create(user=user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.refresh_from_db()
    with pytest.raises(DomainError):
        session_refresh(refresh_token=session.refresh_token)
    with pytest.raises(DomainError) as error:
        session_create(user=user)
    assert error.value.code == ErrorCode.ACCOUNT_DISABLED


def test_logout_revokes_one_family_or_all(user: User, other_user: User):
    one = session_create(user=user)
    two = session_create(user=user)
    theirs = session_create(user=other_user)
    assert session_revoke(user=other_user, refresh_token=one.refresh_token) == 0
    assert session_revoke(user=user, refresh_token=one.refresh_token) == 1
    with pytest.raises(DomainError):
        session_refresh(refresh_token=one.refresh_token)
    rotated = session_refresh(refresh_token=two.refresh_token)
    assert session_revoke(user=user, everywhere=True) == 1
    with pytest.raises(DomainError):
        session_refresh(refresh_token=rotated.refresh_token)
    assert session_refresh(refresh_token=theirs.refresh_token).user == other_user
