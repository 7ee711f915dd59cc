"""Sign-up and password login for the mobile API, on top of allauth.

Both go through allauth, so the API and the browser share one set of rules: allauth's e-mail
confirmation links and "account already exists" mails, its failed-login lockout
(`ACCOUNT_RATE_LIMITS["login_failed"]`) and its confirmation-mail cooldown.
"""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.account.signals import user_signed_up
from allauth.account.utils import has_verified_email
from allauth.core import ratelimit
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.client_ip import client_ip
from marketplace.errors import DomainError, ErrorCode
from marketplace.models import ConsentKind, User, normalize_email_address
from marketplace.services.privacy import consents_update
from marketplace.services.sessions import IssuedSession, session_create
from marketplace.services.users import user_create


def _confirmation_mail_allowed(request: HttpRequest, email: str) -> bool:
    """allauth's cooldown for confirmation mails (shared with the browser pages); a mail skipped
    here is harmless, as the link of the previous one still works."""
    return ratelimit.consume(request, action="confirm_email", key=email.lower())


PRIVACY_NOTICE_REQUIRED_MESSAGE = _("Please confirm that you have read the privacy notice.")


def _validation_error(field: str, error: ValidationError) -> DomainError:
    return DomainError(ErrorCode.VALIDATION_ERROR, details={field: list(error.messages)})


def account_register(
    *,
    request: HttpRequest,
    email: str,
    password: str,
    privacy_notice_accepted: bool,
    marketing: bool = False,
) -> None:
    """Creates an account with an unverified e-mail address and mails allauth's confirmation link.

    As on the sign-up page, no account is opened without the aydınlatma metni acknowledgement:
    it is recorded (a `privacy_notice` consent, with the marketing answer) with the account.
    For an address that already has an account the caller sees the same outcome; the owner of
    the address gets allauth's "account already exists" mail instead (no enumeration).
    """
    if not privacy_notice_accepted:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            details={"privacy_notice_accepted": [str(PRIVACY_NOTICE_REQUIRED_MESSAGE)]},
        )
    email = normalize_email_address(email)
    adapter = get_adapter(request)
    try:
        email = adapter.clean_email(email)
    except ValidationError as error:
        raise _validation_error("email", error) from None
    try:
        validate_password(password, user=User(email=email))
    except ValidationError as error:
        raise _validation_error("password", error) from None

    user: User | None = None
    taken = (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    )
    if not taken:
        try:
            with transaction.atomic():
                user = user_create(email=email, password=password)
                EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
                account_signup_consents_record(
                    user=user, marketing=marketing, ip_address=client_ip(request)
                )
        except (IntegrityError, ValidationError):
            user = None  # registered by a concurrent request a moment ago
    if user is None:
        # Hash anyway, so an existing address costs the same time as a new one.
        make_password(password)
        if _confirmation_mail_allowed(request, email):
            adapter.send_account_already_exists_mail(email)
        return

    user_signed_up.send(sender=User, request=request, user=user)
    address = EmailAddress.objects.get(user=user, email=email)
    if _confirmation_mail_allowed(request, email):
        address.send_confirmation(request, signup=True)


def _confirmation_resend(request: HttpRequest, user: User) -> None:
    """Another confirmation link for a user who tried to log in unverified (as allauth does)."""
    address, _created = EmailAddress.objects.get_or_create(
        user=user,
        email__iexact=user.email,
        defaults={"email": user.email, "primary": True, "verified": False},
    )
    if _confirmation_mail_allowed(request, user.email):
        address.send_confirmation(request, signup=False)


def account_login(
    *, request: HttpRequest, email: str, password: str, user_agent: str, ip_address: str | None
) -> IssuedSession:
    """E-mail and password to a new API session.

    Wrong password and unknown address are the same INVALID_CREDENTIALS (and cost the same
    hashing); whether the account is disabled or unverified is told only to someone who knew
    the password. Failures count towards allauth's lockout, which gives LOGIN_LOCKED.
    """
    adapter = get_adapter(request)
    try:
        authenticated = adapter.authenticate(
            request, email=normalize_email_address(email), password=password
        )
    except ValidationError as error:
        if error.code == "too_many_login_attempts":
            raise DomainError(ErrorCode.LOGIN_LOCKED) from None
        raise
    if not isinstance(authenticated, User):
        raise DomainError(ErrorCode.INVALID_CREDENTIALS)
    user = authenticated
    if not user.is_active:
        raise DomainError(ErrorCode.ACCOUNT_DISABLED)
    if not has_verified_email(user, user.email):
        _confirmation_resend(request, user)
        raise DomainError(ErrorCode.EMAIL_NOT_VERIFIED)
    session = session_create(user=user, user_agent=user_agent, ip_address=ip_address)
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    return session


def account_signup_consents_record(*, user: User, marketing: bool, ip_address: str | None) -> None:
    """The answers of the sign-up page: the aydınlatma metni was acknowledged, and marketing
    messages were allowed or not (a "no" is the default and needs no row)."""
    consents_update(
        user=user,
        answers={ConsentKind.PRIVACY_NOTICE: True, ConsentKind.MARKETING: marketing},
        ip_address=ip_address,
    )
