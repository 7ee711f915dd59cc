"""Authorization-matrix rows of the allauth pages under /hesap/ (log in, sign up, passwords,
e-mail, social logins)."""

from __future__ import annotations

from typing import Any

from marketplace.tests.access import OK, Access, public

AWAY = 302  # logged-in users are sent on from the visitor pages; visitors to the login page
NOT_CONFIGURED = 404  # a social provider without credentials (the test settings have none)


def visitors_only(route: str, **fields: Any) -> Access:
    return Access(route, anonymous=OK, other=AWAY, staff=AWAY, **fields)


def members_only(route: str, **fields: Any) -> Access:
    return Access(route, anonymous=AWAY, other=OK, staff=OK, **fields)


def not_configured(route: str, **fields: Any) -> Access:
    return Access(
        route, anonymous=NOT_CONFIGURED, other=NOT_CONFIGURED, staff=NOT_CONFIGURED, **fields
    )


ACCOUNT_WEB_ROWS: list[Access] = [
    visitors_only(":account_login"),
    # An empty form is shown again with its errors.
    visitors_only(":account_login", method="POST"),
    visitors_only(":account_signup"),
    visitors_only(":account_signup", method="POST"),
    # No login code was asked for: back to the login page.
    Access(":account_confirm_login_code", anonymous=AWAY, other=AWAY, staff=AWAY),
    Access(":account_logout", anonymous=AWAY, other=OK, staff=OK),
    Access(":account_logout", method="POST", anonymous=AWAY, other=AWAY, staff=AWAY),
    public(":account_inactive"),
    members_only(":account_reauthenticate"),
    members_only(":account_email"),
    # Without an action (a JSON body is no form) the page only sends the user back to itself.
    Access(":account_email", method="POST", anonymous=AWAY, other=AWAY, staff=AWAY),
    public(":account_email_verification_sent"),
    public(":account_confirm_email", path="/hesap/e-posta/dogrula/olmayan-anahtar/"),
    members_only(":account_change_password"),
    members_only(":account_change_password", method="POST"),
    # The test users have a password: they are sent to "change password" instead.
    Access(":account_set_password", anonymous=AWAY, other=AWAY, staff=AWAY),
    public(":account_reset_password"),
    public(":account_reset_password", method="POST"),
    public(":account_reset_password_done"),
    public(
        ":account_reset_password_from_key",
        path="/hesap/sifre-sifirla/anahtar/1-olmayan-anahtar/",
    ),
    public(":account_reset_password_from_key_done"),
    # Social logins: connections are the user's own; the rest needs a provider's round trip.
    members_only(":socialaccount_connections"),
    Access(":socialaccount_signup", anonymous=AWAY, other=AWAY, staff=AWAY),
    public(":socialaccount_login_cancelled"),
    # The page that says a provider's round trip failed answers 401 to everyone.
    Access(":socialaccount_login_error", anonymous=401, other=401, staff=401),
    not_configured(":google_login"),
    not_configured(":google_login", method="POST"),
    not_configured(":google_callback"),
    not_configured(":google_login_by_token", method="POST"),
    not_configured(":facebook_login"),
    not_configured(":facebook_callback"),
    not_configured(":facebook_login_by_token", method="POST"),
    not_configured(":apple_login"),
    # Apple posts its answer (form_post); a GET is refused before the provider is looked up.
    Access(":apple_callback", anonymous=405, other=405, staff=405),
    # …and its POST is turned into a GET of the finishing URL, which finds no provider.
    Access(":apple_callback", method="POST", anonymous=AWAY, other=AWAY, staff=AWAY),
    not_configured(":apple_finish_callback"),
]
