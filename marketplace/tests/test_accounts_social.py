"""Google, Facebook and Apple login through the real pages, without the internet: the redirect
to each provider's authorize URL, and the callback against a local stand-in for the provider's
token and profile endpoints that checks what allauth sends (code, client credentials, the
Facebook appsecret_proof, Apple's ES256 client secret)."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.apple.views import AppleOAuth2Adapter
from allauth.socialaccount.providers.facebook import flows as facebook_flows
from allauth.socialaccount.providers.facebook.constants import GRAPH_API_VERSION
from allauth.socialaccount.providers.facebook.views import FacebookOAuth2Adapter
from allauth.socialaccount.providers.google.views import GoogleOAuth2Adapter
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.core import mail
from django.test import Client

from marketplace.models import ConsentKind, User
from marketplace.selectors import consent_current

pytestmark = pytest.mark.django_db

GOOGLE = {"client_id": "google-istemci.apps.googleusercontent.com", "secret": "google-sir"}
FACEBOOK = {"client_id": "1234567890", "secret": "facebook-sir"}
APPLE_CLIENT_ID = "com.banayeni.web"
APPLE_KEY_ID = "ANAHTAR123"
APPLE_TEAM_ID = "TAKIM12345"
CODE = "saglayicidan-gelen-kod"

_apple_client_key = ec.generate_private_key(ec.SECP256R1())
_apple_identity_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _pem(key: ec.EllipticCurvePrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def configured_providers() -> dict[str, dict[str, Any]]:
    """What config/settings/base.py builds from GOOGLE_*, FACEBOOK_* and APPLE_* variables."""
    return {
        "google": {"SCOPE": ["profile", "email"], "APP": dict(GOOGLE)},
        "facebook": {"METHOD": "oauth2", "SCOPE": ["email"], "APP": dict(FACEBOOK)},
        "apple": {
            "APP": {
                "client_id": APPLE_CLIENT_ID,
                "secret": APPLE_KEY_ID,
                "key": APPLE_TEAM_ID,
                "settings": {"certificate_key": _pem(_apple_client_key)},
            }
        },
    }


@dataclass
class Provider:
    """A local stand-in for the providers' server-to-server endpoints."""

    url: str
    requests: list[tuple[str, str, dict[str, list[str]]]] = field(default_factory=list)
    identity: dict[str, Any] = field(default_factory=dict)


def _google_id_token(identity: dict[str, Any]) -> str:
    now = int(time.time())
    claims = {"iss": "https://accounts.google.com", "aud": GOOGLE["client_id"], "iat": now}
    return jwt.encode(
        {**claims, "exp": now + 300, **identity},
        "google-imzasi-burada-denetlenmez-32-bayt",
        "HS256",
    )


def _apple_id_token(identity: dict[str, Any]) -> str:
    now = int(time.time())
    claims = {"iss": "https://appleid.apple.com", "aud": APPLE_CLIENT_ID, "iat": now}
    return jwt.encode(
        {**claims, "exp": now + 300, **identity},
        _apple_identity_key,
        "RS256",
        headers={"kid": "apple-test-key"},
    )


def _apple_jwks() -> dict[str, Any]:
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(_apple_identity_key.public_key()))
    return {"keys": [{**public, "kid": "apple-test-key", "alg": "RS256", "use": "sig"}]}


@pytest.fixture
def provider(monkeypatch: pytest.MonkeyPatch, settings: Any) -> Iterator[Provider]:
    settings.SOCIALACCOUNT_PROVIDERS = configured_providers()
    state = Provider(url="")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def _handle(self, method: str) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            form = parse_qs(self.rfile.read(length).decode()) if length else {}
            params = {**parse_qs(parts.query), **form}
            state.requests.append((method, parts.path, params))
            one = {key: values[0] for key, values in params.items()}
            if parts.path == "/google/token" and method == "POST":
                ok = one.get("code") == CODE and one.get("client_secret") == GOOGLE["secret"]
                ok = ok and one.get("grant_type") == "authorization_code"
                body = {"access_token": "google-erisim", "expires_in": 3600}
                body["id_token"] = _google_id_token(state.identity)
                self._answer(200 if ok else 400, body if ok else {"error": "invalid_grant"})
            elif parts.path == "/facebook/oauth/access_token":
                ok = one.get("code") == CODE and one.get("client_secret") == FACEBOOK["secret"]
                body = {"access_token": "facebook-erisim", "token_type": "bearer"}
                self._answer(200 if ok else 400, body if ok else {"error": "invalid_code"})
            elif parts.path == "/facebook/me":
                proof = hmac.new(
                    FACEBOOK["secret"].encode(), b"facebook-erisim", hashlib.sha256
                ).hexdigest()
                ok = one.get("access_token") == "facebook-erisim"
                ok = ok and one.get("appsecret_proof") == proof
                self._answer(200 if ok else 400, state.identity if ok else {"error": "proof"})
            elif parts.path == "/apple/token" and method == "POST":
                secret = jwt.decode(
                    one.get("client_secret", ""),
                    _apple_client_key.public_key(),
                    algorithms=["ES256"],
                    audience="https://appleid.apple.com",
                    issuer=APPLE_TEAM_ID,
                )
                header = jwt.get_unverified_header(one["client_secret"])
                ok = secret["sub"] == APPLE_CLIENT_ID and header["kid"] == APPLE_KEY_ID
                ok = ok and one.get("code") == CODE
                body = {"access_token": "apple-erisim", "expires_in": 3600}
                body["id_token"] = _apple_id_token(state.identity)
                self._answer(200 if ok else 400, body if ok else {"error": "invalid_client"})
            elif parts.path == "/apple/keys":
                self._answer(200, _apple_jwks())
            else:
                self._answer(404, {"error": "not_found"})

        def do_GET(self) -> None:
            self._handle("GET")

        def do_POST(self) -> None:
            self._handle("POST")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    # allauth reads these endpoints into class and module attributes at import time.
    monkeypatch.setattr(GoogleOAuth2Adapter, "access_token_url", f"{state.url}/google/token")
    monkeypatch.setattr(
        FacebookOAuth2Adapter, "access_token_url", f"{state.url}/facebook/oauth/access_token"
    )
    monkeypatch.setattr(facebook_flows, "GRAPH_API_URL", f"{state.url}/facebook")
    monkeypatch.setattr(AppleOAuth2Adapter, "access_token_url", f"{state.url}/apple/token")
    monkeypatch.setattr(AppleOAuth2Adapter, "public_key_url", f"{state.url}/apple/keys")
    yield state
    server.shutdown()
    server.server_close()


def start_login(client: Client, provider_id: str) -> tuple[str, dict[str, str]]:
    """Presses the provider's button on the login page; returns the authorize URL's parts."""
    page = client.get("/hesap/giris/").content.decode()
    assert f'action="/hesap/{provider_id}/login/?process=login"' in page
    response = client.post(f"/hesap/{provider_id}/login/?process=login")
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    query = {key: values[0] for key, values in parse_qs(url.query).items()}
    return f"{url.scheme}://{url.netloc}{url.path}", query


# --- Shown only when configured -------------------------------------------------------------------
def test_no_buttons_and_404_without_credentials(client: Client) -> None:
    page = client.get("/hesap/giris/").content.decode()
    assert "ile devam et" not in page
    for provider_id in ("google", "facebook", "apple"):
        assert client.post(f"/hesap/{provider_id}/login/").status_code == 404
    assert client.get("/hesap/google/login/callback/?code=x&state=y").status_code == 404


def test_buttons_for_configured_providers(client: Client, settings: Any) -> None:
    settings.SOCIALACCOUNT_PROVIDERS = {"google": {"APP": dict(GOOGLE)}, "facebook": {}}
    page = client.get("/hesap/kayit/").content.decode()
    assert "Google ile devam et" in page
    assert "Facebook ile devam et" not in page
    assert "Apple ile devam et" not in page
    assert client.post("/hesap/facebook/login/").status_code == 404


# --- Authorize redirects ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("provider_id", "authorize_url", "client_id"),
    [
        ("google", "https://accounts.google.com/o/oauth2/v2/auth", GOOGLE["client_id"]),
        (
            "facebook",
            f"https://www.facebook.com/{GRAPH_API_VERSION}/dialog/oauth",
            FACEBOOK["client_id"],
        ),
        ("apple", "https://appleid.apple.com/auth/authorize", APPLE_CLIENT_ID),
    ],
)
def test_login_button_redirects_to_the_providers_authorize_url(
    client: Client, provider: Provider, provider_id: str, authorize_url: str, client_id: str
) -> None:
    url, query = start_login(client, provider_id)
    assert url == authorize_url
    assert query["client_id"] == client_id
    # Apple also returns the identity token with the code (posted back to the callback).
    assert query["response_type"] == ("code id_token" if provider_id == "apple" else "code")
    assert query["redirect_uri"] == f"http://testserver/hesap/{provider_id}/login/callback/"
    assert query["state"]
    assert "email" in query["scope"]


# --- Callbacks ----------------------------------------------------------------------------------
SIGNUP = "/hesap/sosyal/kayit/"


def finish_signup(client: Client, answer: Any, email: str, **answers: str) -> Any:
    """A first social login stops at the sign-up page: no account before the KVKK answers."""
    assert answer.status_code == 302
    assert answer["Location"] == SIGNUP
    assert not User.objects.filter(email=email).exists()
    page = client.get(SIGNUP)
    assert page.status_code == 200
    assert f'value="{email}"' in page.content.decode()
    assert "aydınlatma metni" in page.content.decode()
    return client.post(SIGNUP, {"email": email, "privacy_notice": "on", **answers})


def test_google_callback_creates_and_logs_in_a_user(client: Client, provider: Provider) -> None:
    provider.identity = {
        "sub": "109876543210",
        "email": "ayse.google@example.com",
        "email_verified": True,
        "given_name": "Ayşe",
        "family_name": "Yılmaz",
    }
    _url, query = start_login(client, "google")
    callback = client.get("/hesap/google/login/callback/", {"code": CODE, "state": query["state"]})
    answer = finish_signup(client, callback, "ayse.google@example.com", marketing="on")
    assert answer.status_code == 302
    assert answer["Location"] == "/"
    user = User.objects.get(email="ayse.google@example.com")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert consent_current(user=user) == {
        ConsentKind.PRIVACY_NOTICE: True,
        ConsentKind.MARKETING: True,
    }
    assert SocialAccount.objects.get(user=user).uid == "109876543210"
    assert EmailAddress.objects.get(user=user).verified
    assert not user.has_usable_password()
    [(method, path, params)] = provider.requests
    assert (method, path) == ("POST", "/google/token")
    assert params["redirect_uri"] == ["http://testserver/hesap/google/login/callback/"]
    assert params["client_id"] == [GOOGLE["client_id"]]


def test_google_callback_with_a_wrong_state_is_refused(client: Client, provider: Provider) -> None:
    start_login(client, "google")
    answer = client.get("/hesap/google/login/callback/", {"code": CODE, "state": "uydurma"})
    assert answer.status_code == 401
    assert "Giriş yapılamadı" in answer.content.decode()
    assert provider.requests == []
    assert "_auth_user_id" not in client.session


def test_a_social_sign_up_without_the_privacy_notice_opens_no_account(
    client: Client, provider: Provider
) -> None:
    provider.identity = {"sub": "2020", "email": "ali.google@example.com", "email_verified": True}
    _url, query = start_login(client, "google")
    client.get("/hesap/google/login/callback/", {"code": CODE, "state": query["state"]})
    refused = client.post(SIGNUP, {"email": "ali.google@example.com", "marketing": "on"})
    assert refused.status_code == 200
    assert "Lütfen aydınlatma metnini okuduğunuzu onaylayın." in refused.content.decode()
    assert not User.objects.filter(email="ali.google@example.com").exists()
    assert not SocialAccount.objects.exists()
    assert "_auth_user_id" not in client.session


def test_google_login_of_an_existing_address_logs_its_owner_in(
    client: Client, provider: Provider
) -> None:
    owner = User.objects.create_user(email="var.olan@example.com", password="Sifre-1234")
    EmailAddress.objects.create(user=owner, email=owner.email, primary=True, verified=True)
    provider.identity = {"sub": "555", "email": owner.email, "email_verified": True}
    _url, query = start_login(client, "google")
    client.get("/hesap/google/login/callback/", {"code": CODE, "state": query["state"]})
    assert client.session["_auth_user_id"] == str(owner.pk)
    assert SocialAccount.objects.get(provider="google").user == owner


def test_facebook_callback_creates_a_user_who_confirms_the_address(
    client: Client, provider: Provider
) -> None:
    provider.identity = {
        "id": "1010101",
        "email": "mehmet.fb@example.com",
        "first_name": "Mehmet",
        "last_name": "Demir",
    }
    _url, query = start_login(client, "facebook")
    callback = client.get(
        "/hesap/facebook/login/callback/", {"code": CODE, "state": query["state"]}
    )
    answer = finish_signup(client, callback, "mehmet.fb@example.com")
    # Facebook does not vouch for the address: it is confirmed by e-mail first.
    assert answer.status_code == 302
    assert answer["Location"] == "/hesap/e-posta/dogrulama/"
    user = User.objects.get(email="mehmet.fb@example.com")
    assert SocialAccount.objects.get(user=user, provider="facebook").uid == "1010101"
    [message] = mail.outbox
    assert message.to == ["mehmet.fb@example.com"]
    assert [path for _method, path, _params in provider.requests] == [
        "/facebook/oauth/access_token",
        "/facebook/me",
    ]


def test_apple_form_post_callback_creates_and_logs_in_a_user(
    client: Client, provider: Provider
) -> None:
    provider.identity = {
        "sub": "001234.abcdef.1234",
        "email": "can.apple@example.com",
        "email_verified": "true",
    }
    _url, query = start_login(client, "apple")
    assert query["response_mode"] == "form_post"
    posted = client.post(
        "/hesap/apple/login/callback/",
        {"code": CODE, "state": query["state"], "user": json.dumps({"name": {"firstName": "Can"}})},
    )
    assert posted.status_code == 302
    finish = urlsplit(posted["Location"])
    assert finish.path == "/hesap/apple/login/callback/finish/"
    callback = client.get(f"{finish.path}?{finish.query}")
    answer = finish_signup(client, callback, "can.apple@example.com")
    assert answer.status_code == 302
    assert answer["Location"] == "/"
    user = User.objects.get(email="can.apple@example.com")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert SocialAccount.objects.get(user=user, provider="apple").uid == "001234.abcdef.1234"
    paths = [path for _method, path, _params in provider.requests]
    assert paths[0] == "/apple/token"
    assert "/apple/keys" in paths


def test_credentials_from_the_environment_become_provider_apps() -> None:
    """config/settings/base.py reads GOOGLE_*, FACEBOOK_* and APPLE_* (a fresh interpreter, since
    settings are read once)."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({k: v.get('APP') for k, v in settings.SOCIALACCOUNT_PROVIDERS.items()}))"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "GOOGLE_CLIENT_ID": "g-id",
        "GOOGLE_CLIENT_SECRET": "g-secret",
        "FACEBOOK_APP_ID": "",
        "APPLE_CLIENT_ID": "com.banayeni.web",
        "APPLE_KEY_ID": "KEY",
        "APPLE_TEAM_ID": "TEAM",
        "APPLE_PRIVATE_KEY": "-----BEGIN PRIVATE KEY-----\\nABC\\n-----END PRIVATE KEY-----",
    }
    output = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True
    ).stdout
    apps = json.loads(output.strip().splitlines()[-1])
    assert apps["google"] == {"client_id": "g-id", "secret": "g-secret"}
    assert apps["facebook"] is None
    assert apps["apple"] == {
        "client_id": "com.banayeni.web",
        "secret": "KEY",
        "key": "TEAM",
        "settings": {
            "certificate_key": "-----BEGIN PRIVATE KEY-----\nABC\n-----END PRIVATE KEY-----"
        },
    }
