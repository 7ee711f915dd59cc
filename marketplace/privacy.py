"""Personal data shown to other users: masked e-mail addresses, a deleted account's name (KVKK)."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# What other users see in place of a deleted account's name.
DELETED_USER_NAME = _("Deleted user")


def mask_email(email: str) -> str:
    """`kullanici@example.com` -> `k****@example.com`; the domain stays, the mailbox does not."""
    local, separator, domain = email.partition("@")
    if not separator:
        return "****"
    return f"{local[:1]}****@{domain}"


def deleted_user_name() -> str:
    """The name stored in place of a deleted account's (in the site's language, not the
    request's: it ends up in other users' notification texts)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(DELETED_USER_NAME)
