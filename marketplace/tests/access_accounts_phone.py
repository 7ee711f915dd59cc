"""Authorization-matrix rows of phone codes: the OTP API and the /hesap/telefon/ pages."""

from __future__ import annotations

from marketplace.tests.access import OK, Access

LOGIN = 302  # pages send anonymous visitors to the login page, logged-in ones onwards
PHONE = "0532 123 45 67"

ACCOUNT_PHONE_ROWS: list[Access] = [
    # Login codes: the same answer for everyone, whether or not the number has an account.
    # (Three roles ask for the same number from one address: exactly the hourly limit.)
    Access(
        "api:otp-request",
        method="POST",
        data={"phone": PHONE},
        anonymous=OK,
        other=OK,
        staff=OK,
    ),
    Access(
        "api:otp-request",
        method="POST",
        data={"phone": PHONE, "purpose": "verify"},
        anonymous=401,
        other=OK,
        staff=OK,
    ),
    Access("api:otp-request", method="GET", anonymous=405, other=405, staff=405),
    # No code was requested: OTP_EXPIRED for everyone allowed to try.
    Access(
        "api:otp-verify",
        method="POST",
        data={"phone": PHONE, "code": "123456"},
        anonymous=400,
        other=400,
        staff=400,
    ),
    Access(
        "api:otp-verify",
        method="POST",
        data={"phone": PHONE, "code": "123456", "purpose": "verify"},
        anonymous=401,
        other=400,
        staff=400,
    ),
    # Logged-in users have nothing to do on the phone login page.
    Access("phone:login", anonymous=OK, other=LOGIN, staff=LOGIN),
    # An empty form is a form error on the page.
    Access("phone:login", method="POST", anonymous=400, other=LOGIN, staff=LOGIN),
    Access("phone:verify", anonymous=LOGIN, other=OK, staff=OK),
    Access("phone:verify", method="POST", anonymous=LOGIN, other=400, staff=400),
]
