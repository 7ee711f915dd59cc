"""Authorization-matrix rows of payments (see marketplace/tests/access.py): a payout profile is
always the logged-in user's own, so there is no one else's to reach."""

from __future__ import annotations

from marketplace.tests.access import OK, Access

LOGIN = 302  # pages send anonymous visitors to the login page
VALID_PROFILE = {
    "kind": "individual",
    "first_name": "Ayşe",
    "last_name": "Yılmaz",
    "tckn": "10000000146",
    "birth_year": 1985,
    "iban": "TR33 0006 1005 1978 6457 8413 26",
    "address": "Atatürk Cad. No: 12 Daire 3, Çankaya",
    "city": "Ankara",
}

ACCESS_ROWS: list[Access] = [
    Access("payments:payout-profile", anonymous=LOGIN, other=OK, staff=OK),
    # A JSON body is no form: the page comes back with every field marked (400).
    Access("payments:payout-profile", method="POST", anonymous=LOGIN, other=400, staff=400),
    Access("api:payout-profile", anonymous=401, other=OK, staff=OK),
    Access(
        "api:payout-profile", method="PUT", data=VALID_PROFILE, anonymous=401, other=OK, staff=OK
    ),
]
