"""Accounts through django-allauth: e-mail login with mandatory confirmation and no usernames, the
account forms and adapters, and Google, Facebook and Apple logins from the environment. Part of
the shared settings (config/settings/base.py imports it)."""

from __future__ import annotations

from typing import Any

from config.settings.environment import env

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# Sign-up and password reset answer the same whether or not the address has an account.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_CHANGE_EMAIL = True  # one address per account; a new one replaces it once confirmed
ACCOUNT_EMAIL_NOTIFICATIONS = True  # "your password/e-mail was changed" mails
ACCOUNT_EMAIL_SUBJECT_PREFIX = "BanaYeni SanaEski: "
# Failed-login lockout: 5 wrong passwords for an address lock it for 15 minutes (counted in the
# cache, Redis in production, so every worker sees the same count).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/900s/key"}
ACCOUNT_ADAPTER = "marketplace.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "marketplace.forms_accounts.LoginForm",
    "signup": "marketplace.forms_accounts.SignupForm",
    "change_password": "marketplace.forms_accounts.ChangePasswordForm",
    "set_password": "marketplace.forms_accounts.SetPasswordForm",
    "reset_password_from_key": "marketplace.forms_accounts.ResetPasswordKeyForm",
    "reauthenticate": "marketplace.forms_accounts.ReauthenticateForm",
}
SOCIALACCOUNT_ADAPTER = "marketplace.adapters.SocialAccountAdapter"
# A first social login opens the sign-up page (the provider's address and the KVKK answers)
# instead of an account at once: no account without its privacy-notice acknowledgement.
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_FORMS = {"signup": "marketplace.forms_accounts.SocialSignupForm"}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
# Google, Facebook and Apple logins: a provider is offered once it has credentials, either here
# from the environment or as a SocialApp in the admin (not both). Without them its login and
# callback URLs answer 404 and no button is shown.
SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, Any]] = {
    "google": {"SCOPE": ["profile", "email"], "AUTH_PARAMS": {"access_type": "online"}},
    "facebook": {"METHOD": "oauth2", "SCOPE": ["email", "public_profile"]},
    "apple": {},
}
if env.str("GOOGLE_CLIENT_ID", default=""):
    SOCIALACCOUNT_PROVIDERS["google"]["APP"] = {
        "client_id": env.str("GOOGLE_CLIENT_ID"),
        "secret": env.str("GOOGLE_CLIENT_SECRET", default=""),
    }
if env.str("FACEBOOK_APP_ID", default=""):
    SOCIALACCOUNT_PROVIDERS["facebook"]["APP"] = {
        "client_id": env.str("FACEBOOK_APP_ID"),
        "secret": env.str("FACEBOOK_APP_SECRET", default=""),
    }
if env.str("APPLE_CLIENT_ID", default=""):
    # Sign in with Apple: the Services ID, the key's id, the team id and the key itself (.p8).
    SOCIALACCOUNT_PROVIDERS["apple"]["APP"] = {
        "client_id": env.str("APPLE_CLIENT_ID"),
        "secret": env.str("APPLE_KEY_ID", default=""),
        "key": env.str("APPLE_TEAM_ID", default=""),
        "settings": {
            # One line in .env files: a literal backslash-n stands for each line break.
            "certificate_key": env.str("APPLE_PRIVATE_KEY", default="").replace("\\n", "\n")
        },
    }
