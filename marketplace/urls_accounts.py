"""allauth's pages at Turkish paths under /hesap/, keeping allauth's URL names (account_login,
account_signup, …) so allauth's own redirects and e-mail links still resolve.

The social providers' login and callback URLs keep allauth's paths (/hesap/google/login/…):
those are the redirect URIs registered with Google, Facebook and Apple.
"""

from __future__ import annotations

from allauth.account import views as account_views
from allauth.socialaccount import views as social_views
from allauth.urls import build_provider_urlpatterns
from django.urls import URLPattern, URLResolver, path, re_path

from marketplace import views_email_confirm

urlpatterns: list[URLPattern | URLResolver] = [
    path("giris/", account_views.login, name="account_login"),
    path("giris/kod/", account_views.confirm_login_code, name="account_confirm_login_code"),
    path("cikis/", account_views.logout, name="account_logout"),
    path("kayit/", account_views.signup, name="account_signup"),
    path("pasif/", account_views.account_inactive, name="account_inactive"),
    path("kimlik-dogrula/", account_views.reauthenticate, name="account_reauthenticate"),
    # E-mail addresses and their confirmation links
    path("e-posta/", account_views.email, name="account_email"),
    path(
        "e-posta/dogrulama/",
        account_views.email_verification_sent,
        name="account_email_verification_sent",
    ),
    re_path(
        r"^e-posta/dogrula/(?P<key>[-:\w]+)/$",
        views_email_confirm.confirm_email,
        name="account_confirm_email",
    ),
    # Passwords
    path("sifre-degistir/", account_views.password_change, name="account_change_password"),
    path("sifre-belirle/", account_views.password_set, name="account_set_password"),
    path("sifre-sifirla/", account_views.password_reset, name="account_reset_password"),
    path(
        "sifre-sifirla/gonderildi/",
        account_views.password_reset_done,
        name="account_reset_password_done",
    ),
    re_path(
        r"^sifre-sifirla/anahtar/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account_views.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path(
        "sifre-sifirla/tamamlandi/",
        account_views.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
    # Google, Facebook, Apple
    path("sosyal/", social_views.connections, name="socialaccount_connections"),
    path("sosyal/kayit/", social_views.signup, name="socialaccount_signup"),
    path(
        "sosyal/giris/iptal/",
        social_views.login_cancelled,
        name="socialaccount_login_cancelled",
    ),
    path("sosyal/giris/hata/", social_views.login_error, name="socialaccount_login_error"),
    *build_provider_urlpatterns(),
]
