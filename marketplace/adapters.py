"""allauth adapters: one lockout counter per e-mail address, one client-IP rule, our services.

The sign-up page's extra answers (aydınlatma metni, marketing) are written by the privacy
service; the adapter only passes them on.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import get_next_redirect_url
from allauth.core import context
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.forms import BaseForm
from django.http import Http404, HttpRequest

from marketplace.client_ip import client_ip
from marketplace.models import User, normalize_email_address
from marketplace.outbox import EVENT_PASSWORD_RESET, outbox
from marketplace.services.accounts import account_signup_consents_record
from marketplace.services.sessions import user_password_set


def _signup_consents_record(
    request: HttpRequest, user: AbstractBaseUser, form: BaseForm | None
) -> None:
    """The KVKK answers of a sign-up form (SignupConsentsMixin), written with the new account."""
    answers = getattr(form, "cleaned_data", {})
    if isinstance(user, User) and answers.get("privacy_notice"):
        account_signup_consents_record(
            user=user, marketing=bool(answers.get("marketing")), ip_address=client_ip(request)
        )


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth prefixes the site's domain (the Host header when django.contrib.sites is not
        # installed), so each host name would have its own counter. The lockout is about the
        # account: the page and the API, under any host name, count together.
        login = credentials.get("email") or credentials.get("username") or ""
        return f"login:{normalize_email_address(str(login))}"

    def set_password(self, user: AbstractBaseUser, password: str) -> None:
        """Every password change, set and reset of allauth's pages ends the user's other sessions:
        a change or set keeps the browser session that made it, a reset (from a mailed link,
        possibly on someone else's device) keeps nothing."""
        if not isinstance(user, User):
            super().set_password(user, password)
            return
        request = self.request or context.request
        keep_session_key = None
        if request is not None and getattr(request.user, "pk", None) == user.pk:
            keep_session_key = request.session.session_key
        user_password_set(user=user, password=password, keep_session_key=keep_session_key)

    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation: Any) -> str:
        # The link carries the sign-up's `next` (checked: our own site only), so whichever
        # browser opens it lands on the page the sign-up started from.
        url = str(super().get_email_confirmation_url(request, emailconfirmation))
        back_to = get_next_redirect_url(request) if request is not None else None
        return f"{url}?{urlencode({'next': back_to})}" if back_to else url

    def get_client_ip(self, request: HttpRequest) -> str:
        # The same address the API's limits and the phone-code limits count (NUM_PROXIES aware).
        return client_ip(request) or super().get_client_ip(request)

    def send_password_reset_mail(
        self, user: AbstractBaseUser, email: str, context: dict[str, Any]
    ) -> None:
        # Through the notification outbox (the Turkish `password_reset` template, HTML and text),
        # the link encrypted on the row and wiped once sent; sent only while the link is valid.
        if not isinstance(user, User):
            super().send_password_reset_mail(user, email, context)
            return
        request = context.get("request")
        with transaction.atomic():
            notification_id = outbox().enqueue(
                user_id=user.pk,
                event=EVENT_PASSWORD_RESET,
                dedupe_key=f"password_reset:{uuid.uuid4().hex}",
                context={
                    "site_url": request.build_absolute_uri("/") if request else settings.SITE_URL
                },
                secrets={"reset_url": str(context["password_reset_url"])},
                expires_in=timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
                address=email,
            )
            # The user waits for it: sent from this request after commit, as allauth did, not
            # queued behind other work; a failure is retried by the sweep.
            transaction.on_commit(lambda: outbox().deliver_now(notification_id=notification_id))

    def save_user(
        self,
        request: HttpRequest,
        user: AbstractBaseUser,
        form: BaseForm,
        commit: bool = True,
    ) -> AbstractBaseUser:
        with transaction.atomic():  # no account without the consents its sign-up gave
            saved = super().save_user(request, user, form, commit=commit)
            if commit:
                _signup_consents_record(request, saved, form)
        return saved


class SocialAppNotConfigured(SocialApp.DoesNotExist, Http404):
    """No SocialApp (admin) or SOCIALACCOUNT_PROVIDERS["…"]["APP"] (environment) for a provider.

    Still a `SocialApp.DoesNotExist` for allauth's own handlers, and a 404 (not a 500) for the
    provider's login and callback URLs.
    """


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def save_user(
        self, request: HttpRequest, sociallogin: Any, form: BaseForm | None = None
    ) -> AbstractBaseUser:
        with transaction.atomic():  # as the e-mail sign-up: the account and its consents together
            saved = super().save_user(request, sociallogin, form)
            _signup_consents_record(request, saved, form)
        return saved

    def get_app(self, request: HttpRequest, provider: str, client_id: str | None = None) -> Any:
        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise SocialAppNotConfigured(provider) from None
