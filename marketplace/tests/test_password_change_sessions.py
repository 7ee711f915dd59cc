"""A password change or reset ends every other way into the account: refresh tokens, access
tokens and other browser sessions (a change keeps the browser session that made it)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from marketplace.errors import DomainError, ErrorCode
from marketplace.models import User
from marketplace.services.sessions import IssuedSession, session_create, session_refresh
from marketplace.tests.factories import TEST_PASSWORD, UserFactory
from marketplace.tests.test_accounts_web import FormClient, link_in, verified_user
from marketplace.tokens import InvalidAccessToken, user_get_for_access_token

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Degisti-Sifre-9"


def assert_api_session_ended(session: IssuedSession) -> None:
    with pytest.raises(DomainError) as error:
        session_refresh(refresh_token=session.refresh_token)
    assert error.value.code == ErrorCode.INVALID_REFRESH_TOKEN
    with pytest.raises(InvalidAccessToken) as refused:
        user_get_for_access_token(session.access_token)
    assert refused.value.reason == "password_changed"


def test_changing_the_password_ends_api_sessions_but_keeps_the_changing_browser(
    client: Client,
) -> None:
    user = verified_user()
    phone_app = session_create(user=user, user_agent="Android")
    other_browser = Client()
    other_browser.force_login(user)
    browser = FormClient(user)

    changed = browser.post(
        "/hesap/sifre-degistir/",
        {"oldpassword": TEST_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert changed.status_code == 302
    assert_api_session_ended(phone_app)
    assert browser.get("/hesabim/").status_code == 200
    assert other_browser.get("/hesabim/").status_code == 302  # to the login page
    # The API: the old access token gets 401, a new login works.
    response = client.get("/api/me", headers={"Authorization": f"Bearer {phone_app.access_token}"})
    assert response.status_code == 401
    user.refresh_from_db()
    assert user_get_for_access_token(session_create(user=user).access_token)[0] == user


def test_resetting_the_password_by_mailed_link_ends_every_session(
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.core import mail

    user = verified_user()
    phone_app = session_create(user=user)
    tablet_app = session_create(user=user)
    browser = FormClient()
    with django_capture_on_commit_callbacks(execute=True):
        browser.post("/hesap/sifre-sifirla/", {"email": user.email})
    form_page = browser.get(link_in(mail.outbox[-1]), follow=True)
    form_path = form_page.redirect_chain[-1][0]

    done = browser.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert done.status_code == 302
    assert_api_session_ended(phone_app)
    assert_api_session_ended(tablet_app)


def test_a_password_set_by_a_superuser_in_the_admin_ends_every_session(client: Client) -> None:
    user = UserFactory.create()
    phone_app = session_create(user=user)
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))

    response = client.post(
        f"/yonetim/marketplace/user/{user.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert_api_session_ended(phone_app)


def test_tokens_of_another_user_are_untouched_by_a_password_change(user: User) -> None:
    from marketplace.services.sessions import user_password_set

    other = UserFactory.create()
    theirs = session_create(user=other)
    user_password_set(user=user, password=NEW_PASSWORD)
    assert session_refresh(refresh_token=theirs.refresh_token).user == other
    assert user_get_for_access_token(theirs.access_token)[0] == other
