"""The rules of one-time SMS codes, through the services that own them."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any

import pytest
from django.db.models import F
from django.utils import timezone

from conftest import in_threads, requires_postgres
from integrations.sms import SmsMessage
from integrations.tests.fake_twilio import FakeTwilio
from marketplace.errors import DomainError, ErrorCode
from marketplace.models import PhoneOtp, User
from marketplace.services.phone_codes import phone_code_request, phone_code_verify
from marketplace.tests.factories import UserFactory
from tests.phone.conftest import PHONE

pytestmark = pytest.mark.django_db

IP = "203.0.113.7"
Capture = Callable[..., AbstractContextManager[Any]]


@pytest.fixture
def request_code(
    sms_outbox: list[SmsMessage], django_capture_on_commit_callbacks: Capture
) -> Callable[..., str]:
    """Requests a code (on-commit callbacks run); returns the texted code, "" when none went out."""

    def request(
        phone: str = PHONE, purpose: str = "login", ip: str | None = IP, user: User | None = None
    ) -> str:
        sent_before = len(sms_outbox)
        with django_capture_on_commit_callbacks(execute=True):
            phone_code_request(phone=phone, purpose=purpose, ip_address=ip, user=user)
        if len(sms_outbox) == sent_before:
            return ""
        return sms_outbox[-1].body.rsplit(" ", 1)[-1]

    return request


def _error(call: Callable[[], object]) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


def _time_passes(delta: timedelta) -> None:
    """Moves every code `delta` into the past, as if that much time had gone by."""
    PhoneOtp.objects.update(created_at=F("created_at") - delta, expires_at=F("expires_at") - delta)


def test_login_code_is_texted_in_turkish_and_stored_only_as_a_hash(
    phone_user: User, request_code: Callable[..., str], sms_outbox: list[SmsMessage]
) -> None:
    code = request_code()
    assert code
    assert len(code) == 6
    assert code.isdigit()
    assert sms_outbox == [SmsMessage(to=PHONE, body=f"BanaYeni SanaEski doğrulama kodunuz: {code}")]
    otp = PhoneOtp.objects.get()
    assert code not in otp.code_hash
    assert len(otp.code_hash) > 64
    assert otp.user == phone_user
    assert otp.ip_address == IP
    assert (otp.expires_at - otp.created_at) == timedelta(minutes=5)
    assert phone_code_verify(phone=PHONE, code=code, purpose="login") == phone_user


def test_same_code_under_another_salt_has_another_hash(
    phone_user: User, request_code: Callable[..., str]
) -> None:
    request_code()
    request_code(ip="198.51.100.1")
    first, second = PhoneOtp.objects.order_by("id")
    assert first.code_hash.split("$")[0] != second.code_hash.split("$")[0]


def test_a_code_works_only_once(phone_user: User, request_code: Callable[..., str]) -> None:
    code = request_code()
    phone_code_verify(phone=PHONE, code=code, purpose="login")
    error = _error(lambda: phone_code_verify(phone=PHONE, code=code, purpose="login"))
    assert error.code == ErrorCode.OTP_EXPIRED


@pytest.mark.parametrize(
    ("asked_as", "typed_as"),
    [
        ("0532 123 45 67", "+90 532 1234567"),
        ("+90 532 1234567", "5321234567"),
        ("5321234567", "0 (532) 123-45-67"),
        ("905321234567", "0532 123 45 67"),
    ],
)
def test_any_turkish_spelling_of_the_number_is_the_same_number(
    phone_user: User, request_code: Callable[..., str], asked_as: str, typed_as: str
) -> None:
    code = request_code(phone=asked_as)
    assert code
    assert phone_code_verify(phone=typed_as, code=f" {code[:3]} {code[3:]} ", purpose="login")


@pytest.mark.parametrize("phone", ["", "0532 123", "0532 ABC 45 67", "0212 123 45 67", "12"])
def test_malformed_or_landline_numbers_are_refused(
    phone: str, request_code: Callable[..., str]
) -> None:
    error = _error(lambda: request_code(phone=phone))
    assert error.code == ErrorCode.INVALID_PHONE
    assert error.details == {"phone": ["Geçersiz telefon numarası. Örnek: 0532 123 45 67"]}
    assert PhoneOtp.objects.count() == 0


def test_code_expires_after_five_minutes(
    phone_user: User, request_code: Callable[..., str]
) -> None:
    code = request_code()
    _time_passes(timedelta(minutes=5, seconds=1))
    error = _error(lambda: phone_code_verify(phone=PHONE, code=code, purpose="login"))
    assert error.code == ErrorCode.OTP_EXPIRED
    assert str(error.message) == "Doğrulama kodunun süresi doldu. Lütfen yeni bir kod isteyin."


def test_code_is_still_good_just_before_five_minutes(
    phone_user: User, request_code: Callable[..., str]
) -> None:
    code = request_code()
    _time_passes(timedelta(minutes=4, seconds=55))
    assert phone_code_verify(phone=PHONE, code=code, purpose="login") == phone_user


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_three_wrong_tries_kill_the_code(
    phone_user: User, request_code: Callable[..., str]
) -> None:
    code = request_code()
    answers = [
        _error(lambda: phone_code_verify(phone=PHONE, code=_wrong(code), purpose="login"))
        for _ in range(3)
    ]
    assert [(a.code, a.details) for a in answers] == [
        (ErrorCode.OTP_INVALID, {"attempts_left": 2}),
        (ErrorCode.OTP_INVALID, {"attempts_left": 1}),
        (ErrorCode.OTP_ATTEMPTS_EXCEEDED, {"attempts_left": 0}),
    ]
    assert str(answers[0].message) == "Doğrulama kodu hatalı"
    # Even the right code is refused now.
    error = _error(lambda: phone_code_verify(phone=PHONE, code=code, purpose="login"))
    assert error.code == ErrorCode.OTP_ATTEMPTS_EXCEEDED
    assert PhoneOtp.objects.get().failed_attempts == 3


def test_a_code_that_is_not_six_digits_is_a_form_error_not_a_try(
    phone_user: User, request_code: Callable[..., str]
) -> None:
    request_code()
    error = _error(lambda: phone_code_verify(phone=PHONE, code="12ab", purpose="login"))
    assert error.code == ErrorCode.VALIDATION_ERROR
    assert "code" in (error.details or {})
    assert PhoneOtp.objects.get().failed_attempts == 0


def test_three_codes_per_phone_per_hour(phone_user: User, request_code: Callable[..., str]) -> None:
    for number in range(3):
        assert request_code(ip=f"198.51.100.{number}")
    error = _error(lambda: request_code(ip="198.51.100.9"))
    assert error.code == ErrorCode.OTP_SEND_LIMITED
    assert error.status == 429
    assert 3500 < (error.details or {})["retry_after"] <= 3601
    assert str(error.message) == "Çok fazla kod istendi. Lütfen daha sonra tekrar deneyin."
    _time_passes(timedelta(minutes=61))
    assert request_code(ip="198.51.100.9")


def test_users_behind_one_carrier_address_each_get_their_codes(
    request_code: Callable[..., str],
) -> None:
    """Carrier NAT: many phones share one address; each number keeps its own allowance."""
    phones = [f"+9053212345{index:02d}" for index in range(12)]
    for phone in phones:
        UserFactory.create(phone=phone, phone_verified_at=timezone.now())
    for phone in phones:
        assert request_code(phone=phone, ip=IP)


def test_one_address_has_a_ceiling_for_sms_pumping(
    settings: Any, request_code: Callable[..., str]
) -> None:
    settings.OTP_SENDS_PER_IP_PER_HOUR = 4
    phones = [f"+90532123456{digit}" for digit in range(5)]
    for phone in phones:
        UserFactory.create(phone=phone, phone_verified_at=timezone.now())
    for phone in phones[:4]:
        assert request_code(phone=phone)
    error = _error(lambda: request_code(phone=phones[4]))
    assert error.code == ErrorCode.OTP_SEND_LIMITED
    assert request_code(phone=phones[4], ip="198.51.100.1")  # another address may


def test_a_logged_in_user_cannot_spray_verify_codes_over_many_numbers(
    user: User, request_code: Callable[..., str]
) -> None:
    numbers = [f"+90533987650{digit}" for digit in range(6)]
    for index, number in enumerate(numbers[:5]):
        assert request_code(phone=number, purpose="verify", user=user, ip=f"198.51.100.{index}")
    error = _error(
        lambda: request_code(phone=numbers[5], purpose="verify", user=user, ip="198.51.100.9")
    )
    assert error.code == ErrorCode.OTP_SEND_LIMITED


def test_a_new_code_replaces_the_earlier_one(
    phone_user: User, request_code: Callable[..., str]
) -> None:
    first = request_code()
    second = request_code()
    if first == second:  # one chance in a million; the rule is about the row, not the digits
        pytest.skip("the same code came twice")
    error = _error(lambda: phone_code_verify(phone=PHONE, code=first, purpose="login"))
    assert error.code == ErrorCode.OTP_INVALID
    assert phone_code_verify(phone=PHONE, code=second, purpose="login") == phone_user
    assert PhoneOtp.objects.filter(consumed_at__isnull=True).count() == 0


def test_login_code_for_a_number_without_account_answers_alike_and_sends_nothing(
    request_code: Callable[..., str], sms_outbox: list[SmsMessage]
) -> None:
    UserFactory.create(phone=PHONE)  # the number is on a profile, but never proved
    for _ in range(3):
        assert request_code() == ""
    assert sms_outbox == []
    # Counted like any other number, so the limit cannot tell accounts apart.
    assert _error(lambda: request_code()).code == ErrorCode.OTP_SEND_LIMITED
    error = _error(lambda: phone_code_verify(phone=PHONE, code="123456", purpose="login"))
    assert error.code == ErrorCode.OTP_INVALID


def test_banned_or_inactive_accounts_get_no_login_code(
    request_code: Callable[..., str], sms_outbox: list[SmsMessage]
) -> None:
    UserFactory.create(phone=PHONE, phone_verified_at=timezone.now(), banned_at=timezone.now())
    UserFactory.create(phone="+905321234568", phone_verified_at=timezone.now(), is_active=False)
    assert request_code() == ""
    assert request_code(phone="+905321234568") == ""
    assert sms_outbox == []


def test_verify_sets_the_users_phone_and_time(user: User, request_code: Callable[..., str]) -> None:
    code = request_code(phone="0532 123 45 67", purpose="verify", user=user)
    assert code
    before = timezone.now()
    verified = phone_code_verify(phone="5321234567", code=code, purpose="verify", user=user)
    user.refresh_from_db()
    assert verified == user
    assert user.phone == PHONE
    assert user.phone_verified_at is not None
    assert user.phone_verified_at >= before


def test_verify_needs_a_logged_in_user(request_code: Callable[..., str]) -> None:
    assert _error(lambda: request_code(purpose="verify")).code == ErrorCode.UNAUTHORIZED
    error = _error(lambda: phone_code_verify(phone=PHONE, code="123456", purpose="verify"))
    assert error.code == ErrorCode.UNAUTHORIZED


def test_unknown_purpose_is_a_form_error(request_code: Callable[..., str]) -> None:
    error = _error(lambda: request_code(purpose="reset"))
    assert error.code == ErrorCode.VALIDATION_ERROR
    assert "purpose" in (error.details or {})


def test_a_number_verified_by_another_account_is_refused(
    phone_user: User,
    user: User,
    request_code: Callable[..., str],
    sms_outbox: list[SmsMessage],
) -> None:
    error = _error(lambda: request_code(purpose="verify", user=user))
    assert error.code == ErrorCode.VALIDATION_ERROR
    assert str(error.message) == "Bu telefon numarası başka bir hesapta doğrulanmış."
    assert sms_outbox == []


def test_a_number_verified_elsewhere_meanwhile_is_refused_at_verification(
    user: User, other_user: User, request_code: Callable[..., str]
) -> None:
    code = request_code(purpose="verify", user=user)
    User.objects.filter(pk=other_user.pk).update(phone=PHONE, phone_verified_at=timezone.now())
    error = _error(lambda: phone_code_verify(phone=PHONE, code=code, purpose="verify", user=user))
    assert error.code == ErrorCode.VALIDATION_ERROR
    user.refresh_from_db()
    assert user.phone is None


def test_proving_a_number_takes_it_from_a_profile_that_only_typed_it(
    user: User, other_user: User, request_code: Callable[..., str]
) -> None:
    User.objects.filter(pk=other_user.pk).update(phone=PHONE)
    code = request_code(purpose="verify", user=user)
    phone_code_verify(phone=PHONE, code=code, purpose="verify", user=user)
    other_user.refresh_from_db()
    user.refresh_from_db()
    assert other_user.phone is None
    assert user.phone == PHONE


def test_a_verify_code_belongs_to_the_user_who_asked(
    user: User, other_user: User, request_code: Callable[..., str]
) -> None:
    code = request_code(purpose="verify", user=user)
    error = _error(
        lambda: phone_code_verify(phone=PHONE, code=code, purpose="verify", user=other_user)
    )
    assert error.code == ErrorCode.OTP_EXPIRED  # other_user has no code for this number
    # …and a login code is no verify code, nor the other way round.
    error = _error(lambda: phone_code_verify(phone=PHONE, code=code, purpose="login"))
    assert error.code == ErrorCode.OTP_EXPIRED


@pytest.mark.django_db(transaction=True)
def test_an_sms_the_provider_refuses_is_reported_and_its_code_is_dead(
    fake_twilio: FakeTwilio,
) -> None:
    UserFactory.create(phone=PHONE, phone_verified_at=timezone.now())
    fake_twilio.answer = 500
    error = _error(lambda: phone_code_request(phone=PHONE, purpose="login", ip_address=IP))
    assert error.code == ErrorCode.SERVICE_UNAVAILABLE
    assert str(error.message) == "SMS gönderilemedi. Lütfen biraz sonra tekrar deneyin."
    assert PhoneOtp.objects.get().consumed_at is not None
    assert fake_twilio.problems == []


# --- Concurrency (real row locks need PostgreSQL) ---------------------------------------------
def _outcomes(count: int, work: Callable[[], object]) -> list[object]:
    """`work` in `count` threads at once: each result, or the error code it was refused with."""

    def outcome(_index: int) -> object:
        try:
            return work()
        except DomainError as error:
            return error.code

    return in_threads(count, outcome)


@pytest.fixture
def committed_phone_user(transactional_db: None) -> User:
    return UserFactory.create(phone=PHONE, phone_verified_at=timezone.now())


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_wrong_codes_count_every_try(
    committed_phone_user: User, sms_outbox: list[SmsMessage]
) -> None:
    phone_code_request(phone=PHONE, purpose="login", ip_address=IP)
    code = sms_outbox[-1].body.rsplit(" ", 1)[-1]
    results = _outcomes(
        6, lambda: phone_code_verify(phone=PHONE, code=_wrong(code), purpose="login")
    )
    assert sorted(map(str, results)) == sorted(
        ["OTP_INVALID", "OTP_INVALID"] + ["OTP_ATTEMPTS_EXCEEDED"] * 4
    )
    assert PhoneOtp.objects.get().failed_attempts == 3


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_right_codes_log_in_once(
    committed_phone_user: User, sms_outbox: list[SmsMessage]
) -> None:
    phone_code_request(phone=PHONE, purpose="login", ip_address=IP)
    code = sms_outbox[-1].body.rsplit(" ", 1)[-1]
    results = _outcomes(5, lambda: phone_code_verify(phone=PHONE, code=code, purpose="login"))
    assert results.count(committed_phone_user) == 1
    assert [result for result in results if result != committed_phone_user] == [
        ErrorCode.OTP_EXPIRED
    ] * 4


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_respect_the_hourly_limit(
    committed_phone_user: User, sms_outbox: list[SmsMessage]
) -> None:
    results = _outcomes(6, lambda: phone_code_request(phone=PHONE, purpose="login", ip_address=IP))
    assert [str(result) for result in results].count("OTP_SEND_LIMITED") == 3
    assert PhoneOtp.objects.count() == 3
    assert len(sms_outbox) == 3
