"""How a seller (and a reviewing buyer) appears in public: a display name that is never their
e-mail, and the seller's link to their public page (`/satici/<id>/`, served by the reviews app,
which gathers the seller's ratings, response times and listings). Used through parts.selectors."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext

from marketplace.models import User
from marketplace.privacy import DELETED_USER_NAME


def seller_display_name(seller: User) -> str:
    """The seller's display name; a neutral "Satıcı" for one who set none (never the e-mail,
    masked or not), "Silinmiş kullanıcı" after account deletion."""
    if seller.deleted_at is not None:
        return str(DELETED_USER_NAME)
    return seller.display_name.strip() or gettext("Seller")


def buyer_display_name(buyer: User) -> str:
    """A reviewer's name on public pages: the display name, else a neutral "Alıcı" (never the
    e-mail, masked or not)."""
    if buyer.deleted_at is not None:
        return str(DELETED_USER_NAME)
    return buyer.display_name.strip() or gettext("Buyer")


def seller_page_path(seller_id: Any) -> str:
    return reverse("reviews:seller-profile", kwargs={"user_id": seller_id})
