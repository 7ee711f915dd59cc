"""Authorization-matrix rows of the accounts API (/api/auth/…, /api/me)."""

from __future__ import annotations

from marketplace.tests.access import OK, Access

UNKNOWN_LOGIN = {"email": "kimse@example.com", "password": "Yanlis-Parola-1"}

ACCOUNT_API_ROWS: list[Access] = [
    # Sign-up answers the same for a new and a taken address, so every role gets 201.
    Access(
        "api:auth-register",
        method="POST",
        data={
            "email": "matris@example.com",
            "password": "Kirmizi-Araba-2024",
            "privacy_notice_accepted": True,
        },
        anonymous=201,
        other=201,
        staff=201,
    ),
    Access("api:auth-register", anonymous=405, other=405, staff=405),
    # Login and refresh ignore who calls; wrong credentials are 401 for everyone.
    Access(
        "api:auth-login", method="POST", data=UNKNOWN_LOGIN, anonymous=401, other=401, staff=401
    ),
    Access(
        "api:auth-refresh",
        method="POST",
        data={"refresh_token": "gecersiz"},
        anonymous=401,
        other=401,
        staff=401,
    ),
    Access("api:auth-logout", method="POST", data={}, anonymous=401, other=OK, staff=OK),
    Access("api:me", anonymous=401, other=OK, staff=OK),
    Access(
        "api:me",
        method="PATCH",
        data={"display_name": "Matris"},
        anonymous=401,
        other=OK,
        staff=OK,
    ),
]
ACCOUNT_API_ROWS += [
    Access("api:me-data", anonymous=401, other=OK, staff=OK),
    # A wrong password refuses the deletion: nobody loses their account to the matrix.
    Access(
        "api:me",
        method="DELETE",
        data={"password": "yanlis"},
        anonymous=401,
        other=400,
        staff=400,
    ),
]
