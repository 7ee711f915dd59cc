"""Input shapes of the allauth pages that differ from allauth's own: the sign-up consents."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _


class SignupForm(AllauthSignupForm):
    """E-mail and password, plus the KVKK answers the account is opened with (written by
    `account_signup_consents_record` through the account adapter)."""

    privacy_notice = forms.BooleanField(
        label=_("I have read the privacy notice (aydınlatma metni)."),
        error_messages={"required": _("Please confirm that you have read the privacy notice.")},
    )
    marketing = forms.BooleanField(
        label=_("I would like to receive campaigns and news by e-mail (optional)."),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
        # Not the bare "Password" msgid: Django's admin translates that one as "Parola".
        self.fields["password1"].label = _("Your password")
        self.fields["password2"].label = _("Your password again")
