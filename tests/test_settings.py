"""Settings from the environment: production passes `check --deploy`, bad values stop start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[1]

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x9!Qm2#vR7$kLp4&Zt8^Wn3*Hy6@Bd1%Fs5(Gj0)Uc-Ae+Ko=Mi_Lq",
    "JWT_SIGNING_KEY": "jW7-tq9Xr2LmZ5pK8vN3bH6yC1dF4gS0aQeRtYuIoPlMnBvCxZ",
    "INTEGRATIONS_ENCRYPTION_KEYS": "k1:Hs8Kd2Lp5Qw9Er3Ty6Ui1Op4As7Df0Gh2Jk5Lz8Xc1Vb4Nm7Qa",
    "DJANGO_ALLOWED_HOSTS": "banayeni-sanaeski.com,www.banayeni-sanaeski.com",
    "CSRF_TRUSTED_ORIGINS": "https://banayeni-sanaeski.com",
    "DJANGO_HTTPS": "true",
    "SMS_BACKEND": "integrations.sms.backends.twilio.TwilioSmsBackend",
    "TWILIO_ACCOUNT_SID": "AC00000000000000000000000000000000",
    "TWILIO_AUTH_TOKEN": "twilio-auth-token",
    "TWILIO_FROM_NUMBER": "+15005550006",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("DJANGO_", "DATABASE_", "REDIS_", "SMS_", "TWILIO_", "TEST_FAST_PASSWORD_HASHING")
        )
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_with_production_values() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_passwords_are_hashed_with_pbkdf2_outside_the_test_suite() -> None:
    code = "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])"
    result = manage("shell", "-c", code, **PRODUCTION)
    first_hasher = result.stdout.strip().splitlines()[-1]  # after the shell's own notice
    assert first_hasher == "django.contrib.auth.hashers.PBKDF2PasswordHasher", result.stderr


def test_check_deploy_flags_the_embedded_default() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    for warning in (
        "security.W004",
        "security.W008",
        "security.W009",
        "security.W012",
        "integrations.W001",  # SMS codes only logged
        "integrations.W002",  # provider credentials encrypted with a key derived from SECRET_KEY
    ):
        assert warning in output


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DJANGO_DEBUG", "belki", "DJANGO_DEBUG='belki' is not a boolean"),
        (
            "DATABASE_URL",
            "mysql://u:p@localhost/db",
            "DATABASE_URL must be sqlite:// or postgres://",
        ),
        ("DATABASE_URL", "bozuk-deger", "DATABASE_URL"),
        ("REDIS_URL", "http://localhost:6379", "REDIS_URL must start with redis://"),
        ("DJANGO_HTTPS", "evet", "DJANGO_HTTPS='evet' is not a boolean"),
        ("EMAIL_PORT", "yirmibes", "EMAIL_PORT='yirmibes' is not a whole number"),
        ("LOG_LEVEL", "verbose", "LOG_LEVEL='VERBOSE' is not a logging level"),
    ],
)
def test_unknown_setting_values_fail_at_start_up_clearly(
    variable: str, value: str, message: str
) -> None:
    result = manage("check", **{variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_language_time_zone_and_money(settings) -> None:
    from decimal import Decimal

    from marketplace.money import format_try

    assert settings.LANGUAGE_CODE == "tr"
    assert settings.TIME_ZONE == "Europe/Istanbul"
    assert settings.USE_TZ is True
    assert format_try(Decimal("1250")) == "1.250,00 ₺"


@pytest.mark.parametrize(
    ("url", "worker", "expected"),
    [
        ("redis://127.0.0.1:6390/1", "gw0", "redis://127.0.0.1:6390/1"),
        ("redis://127.0.0.1:6390/1", "gw1", "redis://127.0.0.1:6390/2"),
        ("rediss://:secret@cache.example:6380", "gw2", "rediss://:secret@cache.example:6380/2"),
        ("redis://127.0.0.1:6390/1", "", "redis://127.0.0.1:6390/1"),
        ("unix:///run/redis.sock?db=1", "gw1", "unix:///run/redis.sock?db=1"),
    ],
)
def test_each_pytest_xdist_worker_gets_its_own_redis_database(
    url: str, worker: str, expected: str
) -> None:
    from config.settings.test import _redis_url_of_test_worker

    assert _redis_url_of_test_worker(url, worker) == expected


def _without(*names: str) -> dict[str, str]:
    return {key: value for key, value in PRODUCTION.items() if key not in names}


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        (_without("DJANGO_SECRET_KEY"), "DJANGO_SECRET_KEY is not set."),
        (
            {
                **PRODUCTION,
                "DJANGO_SECRET_KEY": (
                    "django-insecure-embedded-default-key-only-for-local-development-0000"
                ),
            },
            "DJANGO_SECRET_KEY is the public development key",
        ),
        ({**PRODUCTION, "DJANGO_SECRET_KEY": "kisa-anahtar"}, "DJANGO_SECRET_KEY is too short"),
        (_without("JWT_SIGNING_KEY"), "JWT_SIGNING_KEY is not set."),
        (_without("INTEGRATIONS_ENCRYPTION_KEYS"), "INTEGRATIONS_ENCRYPTION_KEYS is not set."),
        ({**PRODUCTION, "INTEGRATIONS_ENCRYPTION_KEYS": "k1:abc"}, "INTEGRATIONS_ENCRYPTION_KEYS"),
    ],
)
def test_a_deployment_refuses_to_start_with_a_missing_or_public_key(
    environment: dict[str, str], message: str
) -> None:
    result = manage("check", **environment)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_DEBUG=false (a deployment) needs its own secret keys" in result.stderr
    assert message in result.stderr


def test_make_serve_refuses_to_start_without_its_keys() -> None:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "JWT_", "INTEGRATIONS_", "DATABASE_", "REDIS_"))
    }
    environment["PATH"] = f"{Path(sys.executable).parent}:{environment.get('PATH', '')}"
    result = subprocess.run(
        ["bash", "deploy/serve.sh"],
        cwd=BASE_DIR,
        env={**environment, "PORT": "1", "RUN_DIR": "/tmp/serve-keys-test"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set." in result.stderr
    assert "Traceback" not in result.stderr


def test_the_embedded_default_still_starts_with_nothing_set() -> None:
    result = manage("check")
    assert result.returncode == 0, result.stderr
