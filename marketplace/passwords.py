"""Password rule of the site: at least 8 characters with upper case, lower case and a digit.

Listed in AUTH_PASSWORD_VALIDATORS, so the sign-up page, the API register, password change and
reset all apply it through `validate_password`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from marketplace.models import User


class PasswordRuleValidator:
    """At least `min_length` characters, one upper-case letter, one lower-case letter and one
    digit (Turkish letters count). In place of Django's MinimumLengthValidator, so that every
    message of the rule speaks of "şifre" the same way."""

    def __init__(self, min_length: int = 8) -> None:
        self.min_length = min_length

    def validate(self, password: str, user: User | None = None) -> None:
        errors: list[ValidationError] = []
        if len(password) < self.min_length:
            errors.append(
                ValidationError(
                    _("The password must be at least %(min_length)d characters long."),
                    code="password_too_short",
                    params={"min_length": self.min_length},
                )
            )
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
        return _(
            "Your password must be at least %(min_length)d characters long and contain "
            "upper-case and lower-case letters and a digit."
        ) % {"min_length": self.min_length}
