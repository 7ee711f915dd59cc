"""Password rule of the site: upper case, lower case and a digit (length is Django's validator).

Listed in AUTH_PASSWORD_VALIDATORS, so the sign-up page, the API register, password change and
reset all apply it through `validate_password`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from marketplace.models import User


class CharacterClassValidator:
    """At least one upper-case letter, one lower-case letter and one digit (Turkish letters too)."""

    def validate(self, password: str, user: User | None = None) -> None:
        errors: list[ValidationError] = []
        if not any(character.isupper() for character in password):
            errors.append(
                ValidationError(
                    _("The password must contain at least one upper-case letter."),
                    code="password_no_upper",
                )
            )
        if not any(character.islower() for character in password):
            errors.append(
                ValidationError(
                    _("The password must contain at least one lower-case letter."),
                    code="password_no_lower",
                )
            )
        if not any(character.isdigit() for character in password):
            errors.append(
                ValidationError(
                    _("The password must contain at least one digit."),
                    code="password_no_digit",
                )
            )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return _("Your password must contain upper-case and lower-case letters and a digit.")
