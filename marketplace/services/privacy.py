"""KVKK: consent records, the consents behind notification channels, and account deletion."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError, ErrorCode
from marketplace.models import (
    AccountDeletionLog,
    Consent,
    ConsentKind,
    PhoneOtp,
    RefreshToken,
    User,
)

# The channels whose use needs the user's explicit consent, and the consent that records it.
CHANNEL_CONSENTS: dict[str, ConsentKind] = {
    "notify_sms": ConsentKind.SMS,
    "notify_whatsapp": ConsentKind.WHATSAPP,
}


def consent_record(
    *, user: User, kind: ConsentKind, granted: bool, ip_address: str | None = None
) -> Consent:
    """Adds the user's answer for `kind` against the current version of the consent text."""
    return Consent.objects.create(
        user=user,
        kind=kind,
        granted=granted,
        text_version=settings.KVKK_TEXT_VERSION,
        ip_address=ip_address,
    )


@transaction.atomic
def consents_update(
    *, user: User, answers: dict[ConsentKind, bool], ip_address: str | None = None
) -> list[Consent]:
    """Records the answers that differ from the user's current ones (no duplicate rows)."""
    from marketplace.selectors import consent_current

    current = consent_current(user=user)
    return [
        consent_record(user=user, kind=kind, granted=granted, ip_address=ip_address)
        for kind, granted in answers.items()
        if current.get(kind, False) != granted  # never asked counts as "no"
    ]


WRONG_PASSWORD_MESSAGE = _("The password is wrong.")


def account_delete_by_user(*, user: User, password: str) -> AccountDeletionLog:
    """The user deletes their own account; they confirm with their password if they have one
    (accounts made through Google/Facebook/Apple or a phone code have none)."""
    if user.has_usable_password() and not user.check_password(password):
        raise DomainError(
            ErrorCode.VALIDATION_ERROR, details={"password": [str(WRONG_PASSWORD_MESSAGE)]}
        )
    return account_delete(user=user)


def _deleted_email(user: User) -> str:
    return f"silinmis-{user.pk.hex}@silinmis.invalid"


@transaction.atomic
def account_delete(*, user: User, by_staff: bool = False) -> AccountDeletionLog:
    """Deletes an account the KVKK way: the row stays (conversations keep their other party) but
    e-mail, phone, name, city, avatar and password are gone, every token and code is revoked or
    deleted, social logins and consents are dropped, each app erases its part (registered in
    marketplace.privacy_registry: listings removed, "not interested" marks dropped, other users'
    notifications about the user emptied of their name and phone, the user's own notifications
    wiped), and a log entry without personal data says it happened."""
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount

    from marketplace.privacy_registry import erasures_run
    from marketplace.services.avatars import user_avatar_remove

    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    erased = erasures_run(user=user)
    tokens = RefreshToken.objects.filter(user=user)
    tokens_revoked = tokens.filter(revoked_at__isnull=True, used_at__isnull=True).count()
    tokens.delete()
    PhoneOtp.objects.filter(user=user).delete()
    if user.phone:
        PhoneOtp.objects.filter(phone=user.phone).delete()
    Consent.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    user_avatar_remove(user=user)
    user.email = _deleted_email(user)
    user.phone = None
    user.phone_verified_at = None
    user.display_name = ""
    user.city = ""
    user.notify_email = user.notify_sms = user.notify_whatsapp = False
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.is_business_seller = False
    user.set_unusable_password()
    user.last_login = None
    user.deleted_at = timezone.now()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    return AccountDeletionLog.objects.create(
        user_id=user.pk,
        requested_by_staff=by_staff,
        listings_removed=erased.get("listings", 0),
        tokens_revoked=tokens_revoked,
    )
