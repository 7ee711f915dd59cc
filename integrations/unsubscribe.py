"""Unsubscribe links in notification e-mails: signed, no login needed, honoured at once (KVKK).

The link opens a page asking to confirm (mail scanners follow links; a GET changes nothing); the
confirming POST, or a mail client's RFC 8058 one-click POST, switches e-mail notifications and
marketing consent off.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse

from marketplace.models import ConsentKind, User
from marketplace.services.privacy import consents_update

SALT = "integrations.unsubscribe"


def unsubscribe_url(*, user_id: object) -> str:
    token = signing.dumps({"u": str(user_id)}, salt=SALT, compress=True)
    return settings.SITE_URL + reverse("integrations:unsubscribe", kwargs={"token": token})


def unsubscribe_user(token: str) -> User | None:
    """The user the link was made for, or None for a forged or damaged link."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=data.get("u"), deleted_at__isnull=True).first()


@transaction.atomic
def email_unsubscribe(*, user: User) -> None:
    user.notify_email = False
    user.save(update_fields=["notify_email", "updated_at"])
    consents_update(user=user, answers={ConsentKind.MARKETING: False})
