"""Each app declares its own error codes (Saleor's `error_codes.py` per app) and registers them
with the core; the core's enum names none of the features' codes, and every code has a status and a
Turkish message."""

from __future__ import annotations

import pytest
from django.utils import translation

from marketplace.errors import DomainError, ErrorCode, error_code_lookup, error_codes_all

# The seed's business codes (002, "Business Logic Error Codes") and the chat rules it does not name.
FEATURE_CODES = {
    "PART_NOT_FOUND": ("parts.error_codes", 404),
    "INVALID_PART_REFERENCE": ("parts.error_codes", 400),
    "PART_IMAGE_NOT_FOUND": ("parts.error_codes", 404),
    "OWN_PART_INTEREST": ("interests.error_codes", 400),
    "INTEREST_EXISTS": ("interests.error_codes", 409),
    "CONVERSATION_NOT_FOUND": ("messaging.error_codes", 404),
    "MESSAGE_TOO_LONG": ("messaging.error_codes", 400),
    "CONVERSATION_CLOSED": ("messaging.error_codes", 409),
    "USER_BLOCKED": ("messaging.error_codes", 403),
}


def test_the_features_register_their_codes_and_the_core_names_none_of_them() -> None:
    for name, (module, status) in FEATURE_CODES.items():
        code = error_code_lookup(name)
        assert code is not None, f"{name} is not registered"
        assert type(code).__module__ == module
        assert code.status == status
        assert name not in ErrorCode.__members__


def test_every_code_is_its_own_name_with_an_error_status_and_a_turkish_message() -> None:
    codes = error_codes_all()
    assert len({code.value for code in codes}) == len(codes)
    for code in codes:
        assert code.value == code.name
        assert 400 <= code.status < 600
        with translation.override("tr"):
            turkish = str(code.message)
        with translation.override("en"):
            english = str(code.message)
        assert turkish != english, f"{code} has no Turkish message"


def test_a_domain_error_reads_status_and_message_from_its_code() -> None:
    error = DomainError(error_code_lookup("PART_NOT_FOUND"))  # type: ignore[arg-type]
    assert error.status == 404
    with translation.override("tr"):
        assert str(error.message) == "Parça bulunamadı"


@pytest.mark.parametrize("value", ["", "part_not_found", "NOPE"])
def test_unknown_names_are_not_codes(value: str) -> None:
    assert error_code_lookup(value) is None
