"""One-time SMS codes: proving a phone number (purpose "verify") and logging in with it ("login").

Rules: a six-digit code from `secrets`, valid five minutes, dead after three wrong tries; at most
three codes per phone and per IP address an hour; stored only as an HMAC (SECRET_KEY and a
per-row salt); a new code replaces the earlier unused ones. The SMS is an `otp` notification of
the outbox, written in the same transaction (the code encrypted on the row, wiped once sent or
expired) and delivered right after commit, in the request, so a failure can be reported.

No enumeration: a login code requested for a number without an account is answered, counted and
stored exactly like any other, but no SMS goes out (KVKK, and no cost for strangers' numbers).
While Redis (the rate limits' store) does not answer, every request is refused alike (503).
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from marketplace.cache import cache_available
from marketplace.errors import DomainError, ErrorCode
from marketplace.models import PhoneOtp, PhoneOtpPurpose, User
from marketplace.outbox import DELIVERY_SENT, DELIVERY_TAKEN, EVENT_OTP, outbox
from marketplace.phone import InvalidPhoneError, mask_phone, normalize_phone, phone_region

logger = logging.getLogger(__name__)

CODE_LENGTH = 6
CODE_LIFETIME = timedelta(minutes=5)
MAX_WRONG_ATTEMPTS = 3
SEND_WINDOW = timedelta(hours=1)

PHONE_TAKEN_MESSAGE = _("This phone number is already verified on another account.")
SMS_FAILED_MESSAGE = _("The SMS could not be sent. Please try again a little later.")
TURKISH_MOBILE_ONLY_MESSAGE = _("Verification codes can only be sent to Turkish mobile numbers.")
CODES_UNAVAILABLE_MESSAGE = _(
    "Verification codes cannot be sent right now. Please try again a little later."
)
COUNTRY_NOT_ALLOWED_MESSAGE = _(
    "Verification codes cannot be sent to mobile numbers of this country."
)

_CODE_PATTERN = re.compile(rf"[0-9]{{{CODE_LENGTH}}}")
_HMAC_PURPOSE = "marketplace.services.phone_codes"


@dataclass(frozen=True)
class PhoneCodeRequested:
    phone: str  # E.164
    expires_in: int  # seconds


def phone_normalize(phone: str) -> str:
    """E.164 of a mobile number in any Turkish spelling, else INVALID_PHONE.

    Only numbers of OTP_ALLOWED_COUNTRIES (Türkiye by default) get codes: every SMS costs money,
    and "SMS pumping" asks codes for premium foreign numbers. The refusal depends on the number
    alone, so it answers the same whether or not an account has it.
    """
    try:
        normalized = normalize_phone(phone, mobile_only=True)
    except InvalidPhoneError as error:
        raise DomainError(
            ErrorCode.INVALID_PHONE, details={"phone": [str(error.message)]}
        ) from None
    if phone_region(normalized) not in settings.OTP_ALLOWED_COUNTRIES:
        message = (
            TURKISH_MOBILE_ONLY_MESSAGE
            if list(settings.OTP_ALLOWED_COUNTRIES) == ["TR"]
            else COUNTRY_NOT_ALLOWED_MESSAGE
        )
        raise DomainError(ErrorCode.INVALID_PHONE, details={"phone": [str(message)]})
    return normalized


def _code_hash(*, phone: str, purpose: str, code: str, salt: str) -> str:
    value = f"{phone}:{purpose}:{code}"
    digest = salted_hmac(f"{_HMAC_PURPOSE}:{salt}", value, algorithm="sha256").hexdigest()
    return f"{salt}${digest}"


def _code_matches(otp: PhoneOtp, code: str) -> bool:
    salt = otp.code_hash.split("$", 1)[0]
    expected = _code_hash(phone=otp.phone, purpose=otp.purpose, code=code, salt=salt)
    return hmac.compare_digest(expected.encode(), otp.code_hash.encode())


def _purpose(value: str) -> PhoneOtpPurpose:
    try:
        return PhoneOtpPurpose(value)
    except ValueError:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            details={"purpose": [str(_("Choose login or verify."))]},
        ) from None


def _login_user(phone: str) -> User | None:
    """The account that may log in with this number: verified, active, not banned or deleted."""
    return User.objects.filter(
        phone=phone,
        phone_verified_at__isnull=False,
        is_active=True,
        banned_at__isnull=True,
        deleted_at__isnull=True,
    ).first()


def _serialize_sends(*keys: str) -> None:
    """Makes concurrent requests for the same phone or IP count one after another.

    PostgreSQL: transaction-scoped advisory locks (rows not yet inserted cannot be locked).
    SQLite serialises writers anyway.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])


def _send_limit_check(
    *, phone: str, user: User | None, ip_address: str | None, now: datetime
) -> None:
    """Codes an hour per number and per logged-in user (settings.OTP_SENDS_PER_*), and per
    client address only up to a ceiling that a carrier's NAT (one address, thousands of phones)
    does not reach: refusing a whole carrier would lock out its customers."""
    since = now - SEND_WINDOW
    scope = Q(phone=phone)
    if user is not None:
        scope |= Q(user=user, purpose=PhoneOtpPurpose.VERIFY)
    if ip_address:
        scope |= Q(ip_address=ip_address)
    recent = list(
        PhoneOtp.objects.filter(scope, created_at__gt=since).values_list(
            "phone", "user_id", "purpose", "ip_address", "created_at"
        )
    )
    user_id = user.pk if user is not None else None
    for limit, matches in (
        (
            settings.OTP_SENDS_PER_NUMBER_PER_HOUR,
            [created for number, _u, _p, _ip, created in recent if number == phone],
        ),
        (
            settings.OTP_SENDS_PER_USER_PER_HOUR,
            [
                created
                for _n, owner, purpose, _ip, created in recent
                if user_id is not None and owner == user_id and purpose == PhoneOtpPurpose.VERIFY
            ],
        ),
        (
            settings.OTP_SENDS_PER_IP_PER_HOUR,
            [created for _n, _u, _p, ip, created in recent if ip_address and ip == ip_address],
        ),
    ):
        if len(matches) >= limit:
            oldest = sorted(matches)[-limit]
            retry_after = max(int((oldest + SEND_WINDOW - now).total_seconds()) + 1, 1)
            raise DomainError(ErrorCode.OTP_SEND_LIMITED, details={"retry_after": retry_after})


@dataclass
class _Delivery:
    otp_id: int
    notification_id: uuid.UUID
    ok: bool | None = None  # None: not sent yet (an outer transaction has not committed)

    def send(self) -> None:
        status = outbox().deliver_now(notification_id=self.notification_id)
        # "Taken": the sweep's worker got the row first and delivers it.
        self.ok = status in (DELIVERY_SENT, DELIVERY_TAKEN)
        if not self.ok:
            # The user is told the code did not go out: no later retry may send it, and it must
            # not count as a usable code.
            outbox().cancel(notification_id=self.notification_id, reason="reported as not sent")
            PhoneOtp.objects.filter(id=self.otp_id).update(consumed_at=timezone.now())


def phone_code_request(
    *, phone: str, purpose: str, ip_address: str | None, user: User | None = None
) -> PhoneCodeRequested:
    """Creates a code for `phone` and texts it after commit.

    "verify" needs the logged-in `user`; "login" answers the same whether or not the number
    belongs to an account, but only texts an account's verified number.
    """
    normalized = phone_normalize(phone)
    kind = _purpose(purpose)
    if not cache_available():
        # Fail closed, unlike every other limit: the per-minute limits of code requests are
        # counted in Redis, and each SMS costs money. Refused before the number is looked up,
        # so the answer is the same for every number.
        raise DomainError(ErrorCode.SERVICE_UNAVAILABLE, message=CODES_UNAVAILABLE_MESSAGE)
    if kind == PhoneOtpPurpose.VERIFY:
        if user is None:
            raise DomainError(ErrorCode.UNAUTHORIZED)
        taken = User.objects.filter(phone=normalized, phone_verified_at__isnull=False)
        if taken.exclude(pk=user.pk).exists():
            raise DomainError(
                ErrorCode.VALIDATION_ERROR,
                message=PHONE_TAKEN_MESSAGE,
                details={"phone": [str(PHONE_TAKEN_MESSAGE)]},
            )
        recipient: User | None = user
    else:
        recipient = _login_user(normalized)

    code = f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"
    delivery: _Delivery | None = None
    with transaction.atomic():
        _serialize_sends(
            f"otp-phone:{normalized}", *([f"otp-ip:{ip_address}"] if ip_address else [])
        )
        now = timezone.now()
        _send_limit_check(
            phone=normalized,
            user=user if kind == PhoneOtpPurpose.VERIFY else None,
            ip_address=ip_address,
            now=now,
        )
        # "Consumed" also means "replaced": only the newest code of a phone+purpose is usable.
        PhoneOtp.objects.filter(phone=normalized, purpose=kind, consumed_at__isnull=True).update(
            consumed_at=now
        )
        otp = PhoneOtp.objects.create(
            phone=normalized,
            purpose=kind,
            user=recipient,
            code_hash=_code_hash(
                phone=normalized, purpose=kind, code=code, salt=secrets.token_hex(16)
            ),
            created_at=now,
            expires_at=now + CODE_LIFETIME,
            ip_address=ip_address,
        )
        if recipient is not None:
            notification_id = outbox().enqueue(
                user_id=recipient.pk,
                event=EVENT_OTP,
                dedupe_key=f"otp:{otp.id}",
                secrets={"code": code},
                expires_in=CODE_LIFETIME,
                address=normalized,
            )
            delivery = _Delivery(otp_id=otp.id, notification_id=notification_id)
            transaction.on_commit(delivery.send)
        else:
            logger.info(
                "Login code for a number without an account", extra={"to": mask_phone(normalized)}
            )
    if delivery is not None and delivery.ok is False:
        raise DomainError(ErrorCode.SERVICE_UNAVAILABLE, message=SMS_FAILED_MESSAGE)
    return PhoneCodeRequested(phone=normalized, expires_in=int(CODE_LIFETIME.total_seconds()))


def _code_clean(code: str) -> str:
    cleaned = re.sub(r"\s", "", code or "")
    if not _CODE_PATTERN.fullmatch(cleaned):
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            details={"code": [str(_("Enter the 6-digit code from the SMS."))]},
        )
    return cleaned


def _phone_verified_set(*, user: User, phone: str, now: datetime) -> None:
    holders = list(User.objects.select_for_update().filter(phone=phone).exclude(pk=user.pk))
    if any(holder.phone_verified_at is not None for holder in holders):
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            message=PHONE_TAKEN_MESSAGE,
            details={"phone": [str(PHONE_TAKEN_MESSAGE)]},
        )
    # Someone typed this number on their profile without proving it; the owner just proved it.
    for holder in holders:
        holder.phone = None
        holder.save(update_fields=["phone", "updated_at"])
    user.phone = phone
    user.phone_verified_at = now
    try:
        with transaction.atomic():
            user.save(update_fields=["phone", "phone_verified_at", "updated_at"])
    except IntegrityError:  # another account took the number a moment ago
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            message=PHONE_TAKEN_MESSAGE,
            details={"phone": [str(PHONE_TAKEN_MESSAGE)]},
        ) from None


def phone_code_verify(*, phone: str, code: str, purpose: str, user: User | None = None) -> User:
    """Checks `code` against the newest code of `phone` and `purpose`.

    "verify": sets the logged-in `user`'s phone and phone_verified_at and returns the user.
    "login": returns the account whose verified number it is (the caller starts the session).
    Wrong codes count, under a row lock, even though the call fails.
    """
    normalized = phone_normalize(phone)
    kind = _purpose(purpose)
    cleaned = _code_clean(code)
    if kind == PhoneOtpPurpose.VERIFY and user is None:
        raise DomainError(ErrorCode.UNAUTHORIZED)

    failure: DomainError | None = None
    with transaction.atomic():
        now = timezone.now()
        otps = PhoneOtp.objects.select_for_update().filter(
            phone=normalized, purpose=kind, consumed_at__isnull=True
        )
        if kind == PhoneOtpPurpose.VERIFY:
            otps = otps.filter(user=user)
        otp = otps.order_by("-created_at", "-id").first()
        if otp is None or otp.expires_at <= now:
            raise DomainError(ErrorCode.OTP_EXPIRED)
        if otp.failed_attempts >= MAX_WRONG_ATTEMPTS:
            raise DomainError(ErrorCode.OTP_ATTEMPTS_EXCEEDED, details={"attempts_left": 0})
        account = user if kind == PhoneOtpPurpose.VERIFY else _login_user(normalized)
        if not _code_matches(otp, cleaned) or account is None or account.pk != otp.user_id:
            otp.failed_attempts += 1
            otp.save(update_fields=["failed_attempts"])
            attempts_left = MAX_WRONG_ATTEMPTS - otp.failed_attempts
            failure = DomainError(
                ErrorCode.OTP_INVALID if attempts_left else ErrorCode.OTP_ATTEMPTS_EXCEEDED,
                details={"attempts_left": attempts_left},
            )
        else:
            otp.consumed_at = now
            otp.save(update_fields=["consumed_at"])
            if kind == PhoneOtpPurpose.VERIFY:
                _phone_verified_set(user=account, phone=normalized, now=now)
    # Raised after the block, so the counted attempt is committed.
    if failure is not None:
        raise failure
    assert account is not None
    return account
