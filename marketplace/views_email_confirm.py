"""allauth's e-mail confirmation page, plus: the link of a sign-up logs the new user in wherever
it is opened (a mail app's browser has no session of the sign-up), once."""

from __future__ import annotations

from typing import Any

from allauth.account import views as account_views
from allauth.account.utils import perform_login
from django.conf import settings
from django.http import HttpResponse

from marketplace.selectors import account_confirms_sign_up


class ConfirmEmailView(account_views.ConfirmEmailView):
    """allauth logs in on confirmation only in the browser that signed up
    (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION looks for the sign-up in the session). Here the POST of
    the confirmation page also logs in from any other browser when it is the account's first
    confirmation: the link is single use (allauth's HMAC key only opens an unconfirmed address)
    and valid for ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS; an e-mail change (the account has a
    confirmed address already) never logs in, so the owner of a mistyped new address is not
    let into the account. The `next` the link carries (the page the sign-up started from) is
    where the user lands."""

    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        confirmation = self.get_object()
        address = confirmation.email_address
        signing_up = account_confirms_sign_up(user_id=address.user_id)
        response = super().post(*args, **kwargs)
        if (
            not signing_up
            or self.request.user.is_authenticated  # allauth's same-browser login, or kept
            or not type(address).objects.filter(pk=address.pk, verified=True).exists()
        ):
            return response
        return perform_login(
            self.request,
            address.user,
            email_verification=settings.ACCOUNT_EMAIL_VERIFICATION,
            redirect_url=self.get_next_url(),
            email=address.email,
        )


confirm_email = ConfirmEmailView.as_view()
