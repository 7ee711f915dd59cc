"""Input shapes of the allauth pages: the sign-up consents, and plain labelled fields."""

from __future__ import annotations

from typing import Any

from allauth.account import forms as allauth_forms
from allauth.socialaccount import forms as social_forms
from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.services.accounts import PRIVACY_NOTICE_REQUIRED_MESSAGE


class LabelsOnlyMixin(forms.Form):
    """Fields with their label and nothing repeated inside the box: allauth's placeholders echo
    the labels (and its "Password" is Django's "Parola", where the site says "Şifre"), and the
    login page links to the password reset itself."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
            if isinstance(field.widget, forms.PasswordInput):
                field.help_text = ""


class LoginForm(LabelsOnlyMixin, allauth_forms.LoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("E-mail address")
        self.fields["password"].label = _("Your password")
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me logged in")


class ChangePasswordForm(LabelsOnlyMixin, allauth_forms.ChangePasswordForm):
    pass


class SetPasswordForm(LabelsOnlyMixin, allauth_forms.SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = _("Your password")
        self.fields["password2"].label = _("Your password again")


class ReauthenticateForm(LabelsOnlyMixin, allauth_forms.ReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Your password")


class ResetPasswordKeyForm(LabelsOnlyMixin, allauth_forms.ResetPasswordKeyForm):
    pass


class SignupConsentsMixin(forms.Form):
    """The KVKK answers an account is opened with, on every sign-up form (written by
    `account_signup_consents_record` through the account and social account adapters)."""

    privacy_notice = forms.BooleanField(
        label=_("I have read the privacy notice (aydınlatma metni)."),
        error_messages={"required": PRIVACY_NOTICE_REQUIRED_MESSAGE},
    )
    marketing = forms.BooleanField(
        label=_("I would like to receive campaigns and news by e-mail (optional)."),
        required=False,
    )


class SignupForm(LabelsOnlyMixin, SignupConsentsMixin, allauth_forms.SignupForm):
    """E-mail and password, plus the KVKK answers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
        # Not the bare "Password" msgid: Django's admin translates that one as "Parola".
        self.fields["password1"].label = _("Your password")
        self.fields["password2"].label = _("Your password again")


class SocialSignupForm(LabelsOnlyMixin, SignupConsentsMixin, social_forms.SignupForm):
    """The page after a first Google, Facebook or Apple login: the address the provider gave,
    and the same KVKK answers as the e-mail sign-up. No account is opened before them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
