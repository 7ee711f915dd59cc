"""`/hesabim/ilanlarim/` through the test client: the seller's listings and their actions.

Every text checked is the Turkish one a visitor reads.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.test.html import Element
from pytest_django.asserts import assertContains, assertRedirects

from marketplace.models import User
from marketplace.tests.factories import UserFactory
from parts.models import Part, PartStatus
from parts.services import part_status_change, part_update
from parts.tests.factories import make_part
from parts.tests.pages import (
    LOGIN_PAGE,
    MY_LISTINGS,
    attribute,
    document,
    flashes,
    one,
    select,
    text,
)

# Photos are processed in this process, under a temporary MEDIA_ROOT (parts/tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_with_local_photos")]


# --- My listings -----------------------------------------------------------------------------
def act(client: Client, part: Part, action: str) -> Any:
    return client.post(f"{MY_LISTINGS}{part.id}/", {"action": action}, follow=True)


def listing_rows(response: Any) -> dict[str, Element]:
    return {
        text(one(row, "strong")): row for row in select(document(response), "li", "listing-row")
    }


def test_my_listings_shows_only_my_parts_with_their_status(
    seller_client: Client, user: User, other_user: User
) -> None:
    mine = make_part(seller=user)
    make_part(seller=other_user, title="Başkasının ilanı")

    response = seller_client.get(MY_LISTINGS)

    assert response.status_code == 200
    assert text(one(document(response), "h1")) == "İlanlarım"
    rows = listing_rows(response)
    assert list(rows) == [mine.title]
    assert "Yayında" in text(rows[mine.title])
    buttons = {text(button) for button in select(rows[mine.title], "button")}
    assert buttons == {"Süresini uzat", "Durdur", "Satıldı olarak işaretle", "Sil"}


def test_my_listings_needs_a_login(client: Client) -> None:
    response = client.get(MY_LISTINGS)
    assertRedirects(response, f"{LOGIN_PAGE}?next={MY_LISTINGS}", fetch_redirect_response=False)


def test_seller_pauses_marks_sold_and_publishes_again(seller_client: Client, user: User) -> None:
    part = make_part(seller=user)

    for action, status in [
        ("pause", PartStatus.PAUSED),
        ("activate", PartStatus.ACTIVE),
        ("sold", PartStatus.SOLD),
        ("activate", PartStatus.ACTIVE),
    ]:
        response = act(seller_client, part, action)
        assert response.redirect_chain == [(MY_LISTINGS, 302)]
        assert flashes(response) == ["İlan durumu güncellendi"]
        part.refresh_from_db()
        assert part.status == status, action

    act(seller_client, part, "pause")
    paused_page = Client().get(f"/parca/{part.slug}/")
    assertContains(paused_page, "Yayında değil")  # the page stays, without contact buttons


def test_not_allowed_status_change_is_explained(seller_client: Client, user: User) -> None:
    part = make_part(seller=user)
    act(seller_client, part, "sold")

    response = act(seller_client, part, "pause")

    assert flashes(response) == ["Bu ilanın durumu bu şekilde değiştirilemez."]
    part.refresh_from_db()
    assert part.status == PartStatus.SOLD


def test_seller_deletes_a_listing(seller_client: Client, user: User) -> None:
    part = make_part(seller=user)

    asked = act(seller_client, part, "delete")

    # "Sil" asks first, on a page of its own; nothing is deleted yet.
    assertContains(asked, "İlan silinsin mi?")
    part.refresh_from_db()
    assert part.status == PartStatus.ACTIVE
    response = seller_client.post(
        f"{MY_LISTINGS}{part.id}/", {"action": "delete", "confirmed": "1"}, follow=True
    )
    assert flashes(response) == ["Parça ilanı silindi"]
    assert listing_rows(response) == {}
    part.refresh_from_db()
    assert part.status == PartStatus.DELETED


def test_action_on_another_users_part_is_404(seller_client: Client, other_user: User) -> None:
    part = make_part(seller=other_user)
    for action in ("pause", "sold", "delete"):
        response = seller_client.post(f"{MY_LISTINGS}{part.id}/", {"action": action})
        assert response.status_code == 404
    part.refresh_from_db()
    assert part.status == PartStatus.ACTIVE


def test_listing_actions_accept_only_post(seller_client: Client, user: User) -> None:
    part = make_part(seller=user)
    assert seller_client.get(f"{MY_LISTINGS}{part.id}/").status_code == 405
    part.refresh_from_db()
    assert part.status == PartStatus.ACTIVE


def test_listing_actions_need_the_csrf_token(user: User) -> None:
    part = make_part(seller=user)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)

    response = browser.post(f"{MY_LISTINGS}{part.id}/", {"action": "delete"})

    assert response.status_code == 403
    part.refresh_from_db()
    assert part.status == PartStatus.ACTIVE

    # The page's own form carries the token, and then the same request goes through.
    form = one(document(browser.get(MY_LISTINGS)), "form", action=f"{MY_LISTINGS}{part.id}/")
    token = attribute(one(form, "input", name="csrfmiddlewaretoken"), "value")
    assert token
    response = browser.post(
        f"{MY_LISTINGS}{part.id}/",
        {"action": "delete", "confirmed": "1", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.status == PartStatus.DELETED


def test_a_rejected_listing_shows_the_staff_reason_and_editing_sends_it_again(
    seller_client: Client, user: User
) -> None:
    staff = UserFactory.create(is_staff=True)
    part = make_part(seller=user, title="Passat far")
    part_status_change(
        part=part, actor=staff, status=PartStatus.REJECTED, reason="Fotoğraflar parçayı göstermiyor"
    )

    rows = listing_rows(seller_client.get(MY_LISTINGS))
    assert "Neden:Fotoğraflar parçayı göstermiyor" in text(rows["Passat far"])
    assert "Düzenle ve yeniden gönder" in text(rows["Passat far"])

    part_update(part=part, actor=user, data={"description": "Yeni, net fotoğraflar ekledim"})
    part.refresh_from_db()
    assert part.status == PartStatus.PENDING_REVIEW
    assert "Yeniden gönderildi" in text(listing_rows(seller_client.get(MY_LISTINGS))["Passat far"])
