"""Staff moderation of listings in the admin (/yonetim/): list, search, filters, bulk actions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import ngettext
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects
from pytest_django.fixtures import Settings

from integrations.models import Notification
from marketplace.models import User
from marketplace.tests.factories import UserFactory
from parts.models import Part, PartImage, PartStatus
from parts.services import (
    part_image_process,
    part_image_upload,
    part_image_url,
    part_status_change,
    part_update,
)
from parts.tests.factories import make_part
from parts.tests.images import jpeg_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_in_process")]

CHANGELIST = "/yonetim/parts/part/"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def staff_client(client: Client, staff_user: User) -> Client:
    client.force_login(staff_user)
    return client


def attach_photo(part: Part) -> PartImage:
    """A real upload, processed to WebP sizes and attached through the services."""
    image = part_image_upload(uploader=part.seller, data=jpeg_bytes(800, 600))
    part_image_process(image_id=image.id)
    part_update(part=part, actor=part.seller, data={}, image_ids=[image.id])
    return PartImage.objects.get(pk=image.id)


@pytest.fixture
def gearbox() -> Part:
    return make_part(
        title="Renault Clio 4 Şanzıman",
        part_reference="320102998R",
        brand="Renault",
        model="Clio 4",
        location_city="İzmir",
        condition="Arızalı",
        price="7500",
        seller=UserFactory.create(email="sanziman.satici@example.com"),
    )


@pytest.fixture
def alternator() -> Part:
    return make_part(price="1250")


def changelist_titles(response) -> list[str]:
    return [part.title for part in response.context["cl"].result_list]


def run_action(client: Client, action: str, *parts: Part, follow: bool = True):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [str(part.pk) for part in parts], "index": 0},
        follow=follow,
    )


def flash_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- Changelist ------------------------------------------------------------------------------
def test_staff_sees_listings_with_lira_price_seller_and_thumbnail(
    staff_client: Client, alternator: Part, gearbox: Part
) -> None:
    photo = attach_photo(alternator)

    response = staff_client.get(CHANGELIST)

    assert response.status_code == 200
    assert set(changelist_titles(response)) == {alternator.title, gearbox.title}
    assertContains(response, "1.250,00 ₺")
    assertContains(response, "7.500,00 ₺")
    assertContains(response, "sanziman.satici@example.com")
    # The thumbnail, scaled to 64 px wide with its aspect ratio (400×300 -> 64×48), no inline CSS.
    assertContains(
        response,
        f'<img src="{part_image_url(photo, thumbnail=True)}" width="64" height="48" alt=""'
        ' loading="lazy" decoding="async">',
        html=True,
    )


def test_changelist_query_count_does_not_grow_with_the_number_of_listings(
    staff_client: Client,
) -> None:
    seller = UserFactory.create()
    attach_photo(make_part(seller=seller))
    with CaptureQueriesContext(connection) as one_part:
        assert staff_client.get(CHANGELIST).status_code == 200

    for index in range(19):
        attach_photo(make_part(seller=UserFactory.create(), title=f"Yan ayna sol {index}"))
    with CaptureQueriesContext(connection) as twenty_parts:
        response = staff_client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == 20

    assert len(twenty_parts) == len(one_part), [query["sql"] for query in twenty_parts]


def test_search_folds_turkish_letters(staff_client: Client, alternator: Part, gearbox: Part):
    response = staff_client.get(CHANGELIST, {"q": "sanziman"})
    assert changelist_titles(response) == [gearbox.title]

    response = staff_client.get(CHANGELIST, {"q": "Şanzıman"})
    assert changelist_titles(response) == [gearbox.title]


@pytest.mark.parametrize("query", ["320102998R", "320 102 998-r", "sanziman.satici@example.com"])
def test_search_by_part_number_or_seller_email(
    staff_client: Client, alternator: Part, gearbox: Part, query: str
) -> None:
    response = staff_client.get(CHANGELIST, {"q": query})
    assert changelist_titles(response) == [gearbox.title]


def test_search_by_part_number_without_the_makers_letter(
    staff_client: Client, alternator: Part, gearbox: Part
) -> None:
    disk = make_part(title="Mercedes W203 Fren Diski", part_reference="A 203 423 06 12")
    response = staff_client.get(CHANGELIST, {"q": "203.423.06.12"})
    assert changelist_titles(response) == [disk.title]


@pytest.mark.parametrize(
    "filters",
    [
        {"status__exact": "paused"},
        {"location_city__exact": "İzmir"},
        {"brand__exact": "Renault"},
        {"condition__exact": "Arızalı"},
    ],
)
def test_filters_narrow_the_list(
    staff_client: Client, alternator: Part, gearbox: Part, filters: dict[str, str]
) -> None:
    part_status_change(part=gearbox, actor=gearbox.seller, status=PartStatus.PAUSED)
    if "status__exact" not in filters:
        part_status_change(part=gearbox, actor=gearbox.seller, status=PartStatus.ACTIVE)

    response = staff_client.get(CHANGELIST, filters)

    assert response.status_code == 200
    assert changelist_titles(response) == [gearbox.title]


def test_change_page_shows_photo_previews_and_read_only_content(
    staff_client: Client, alternator: Part
) -> None:
    photo = attach_photo(alternator)

    response = staff_client.get(f"{CHANGELIST}{alternator.pk}/change/")

    assert response.status_code == 200
    assertContains(response, part_image_url(photo, thumbnail=True))
    form = response.context["adminform"].form
    assert list(form.fields) == ["status", "rejection_reason"]
    assertContains(response, f'href="/parca/{alternator.slug}/"')


def test_status_changed_on_the_change_page_goes_through_the_service(
    staff_client: Client, alternator: Part
) -> None:
    response = staff_client.post(
        f"{CHANGELIST}{alternator.pk}/change/",
        {
            "status": PartStatus.REJECTED,
            "rejection_reason": "Kopya ilan",
            "title": "Başka bir başlık",
            "images-TOTAL_FORMS": "0",
            "images-INITIAL_FORMS": "0",
        },
    )

    assertRedirects(response, CHANGELIST, fetch_redirect_response=False)
    alternator.refresh_from_db()
    assert alternator.status == PartStatus.REJECTED
    assert alternator.rejection_reason == "Kopya ilan"
    assert alternator.title == "BMW E46 Alternatör - Orijinal Bosch"


def test_staff_cannot_add_or_hard_delete_listings(staff_client: Client, alternator: Part) -> None:
    assert staff_client.get(f"{CHANGELIST}add/").status_code == 403
    assert staff_client.get(f"{CHANGELIST}{alternator.pk}/delete/").status_code == 403
    actions = staff_client.get(CHANGELIST).context["action_form"].fields["action"].choices
    assert "delete_selected" not in [name for name, _label in actions]


def test_photo_list_opens_for_staff(staff_client: Client, alternator: Part) -> None:
    photo = attach_photo(alternator)
    response = staff_client.get("/yonetim/parts/partimage/")
    assert response.status_code == 200
    assertContains(response, part_image_url(photo, thumbnail=True))
    assert staff_client.get("/yonetim/parts/partimage/add/").status_code == 403


# --- Bulk actions ----------------------------------------------------------------------------
def expected_message(singular: str, plural: str, count: int) -> str:
    with translation.override("tr"):
        return ngettext(singular, plural, count) % {"count": count}


def test_approve_publishes_listings_pending_review(
    staff_client: Client, staff_user: User, alternator: Part, gearbox: Part
) -> None:
    for part in (alternator, gearbox):
        part_status_change(part=part, actor=staff_user, status=PartStatus.PENDING_REVIEW)
    assert Client().get(f"/parca/{gearbox.slug}/").status_code == 404

    response = run_action(staff_client, "status_active", alternator, gearbox)

    assert response.status_code == 200
    assert flash_messages(response) == [
        expected_message("%(count)d listing approved.", "%(count)d listings approved.", 2)
    ]
    assert set(Part.objects.values_list("status", flat=True)) == {PartStatus.ACTIVE}
    # Approved means public: the buyer's page and the search now show it.
    assert Client().get(f"/parca/{gearbox.slug}/").status_code == 200
    assertContains(Client().get("/parcalar/", {"search": "sanziman"}), gearbox.title)


def test_rejecting_on_the_change_page_needs_a_reason(
    staff_client: Client, alternator: Part
) -> None:
    response = staff_client.post(
        f"{CHANGELIST}{alternator.pk}/change/",
        {"status": PartStatus.REJECTED, "images-TOTAL_FORMS": "0", "images-INITIAL_FORMS": "0"},
    )
    assertContains(response, "Nedenini yazın: satıcı bunu okuyacak.")
    alternator.refresh_from_db()
    assert alternator.status == PartStatus.ACTIVE


def test_reject_action_asks_for_the_reason_the_seller_is_told(
    staff_client: Client, gearbox: Part
) -> None:
    asked = run_action(staff_client, "status_rejected", gearbox)
    assertContains(asked, "Neden (satıcı görür)")
    gearbox.refresh_from_db()
    assert gearbox.status == PartStatus.ACTIVE

    staff_client.post(
        CHANGELIST,
        {
            "action": "status_rejected",
            "_selected_action": [str(gearbox.pk)],
            "apply": "1",
            "reason_code": "other",
            "reason_note": "Şasi numarası görünüyor",
        },
    )
    gearbox.refresh_from_db()
    assert gearbox.status == PartStatus.REJECTED
    assert gearbox.rejection_reason == "Şasi numarası görünüyor"
    notice = Notification.objects.get(user=gearbox.seller, event="listing_rejected")
    assert notice.context["reason"] == "Şasi numarası görünüyor"


def test_reject_takes_a_listing_out_of_search(
    staff_client: Client, alternator: Part, gearbox: Part
) -> None:
    response = staff_client.post(
        CHANGELIST,
        {
            "action": "status_rejected",
            "_selected_action": [str(gearbox.pk)],
            "apply": "1",
            "reason_code": "duplicate",
        },
        follow=True,
    )

    assert flash_messages(response) == [
        expected_message("%(count)d listing rejected.", "%(count)d listings rejected.", 1)
    ]
    gearbox.refresh_from_db()
    alternator.refresh_from_db()
    assert gearbox.status == PartStatus.REJECTED
    assert alternator.status == PartStatus.ACTIVE
    assertNotContains(Client().get("/parcalar/"), gearbox.title)
    assert Client().get(f"/parca/{gearbox.slug}/").status_code == 404


def test_pause_pauses_listings(staff_client: Client, alternator: Part) -> None:
    response = run_action(staff_client, "status_paused", alternator)

    assert flash_messages(response) == [
        expected_message("%(count)d listing paused.", "%(count)d listings paused.", 1)
    ]
    alternator.refresh_from_db()
    assert alternator.status == PartStatus.PAUSED
    # The seller can publish it again through the owner's rules (paused -> active).
    part_status_change(part=alternator, actor=alternator.seller, status=PartStatus.ACTIVE)


# --- Access ----------------------------------------------------------------------------------
def test_non_staff_user_is_sent_to_the_admin_login(client: Client, user: User) -> None:
    client.force_login(user)
    response = client.get(CHANGELIST)
    assertRedirects(response, f"/yonetim/login/?next={CHANGELIST}")


def test_non_staff_user_cannot_run_an_action(client: Client, user: User, alternator: Part) -> None:
    client.force_login(user)
    response = run_action(client, "status_rejected", alternator, follow=False)
    assert response.status_code == 302
    assert response["Location"].startswith("/yonetim/login/")
    alternator.refresh_from_db()
    assert alternator.status == PartStatus.ACTIVE


def test_anonymous_visitor_is_sent_to_the_admin_login(client: Client) -> None:
    response = client.get(CHANGELIST)
    assertRedirects(response, f"/yonetim/login/?next={CHANGELIST}")


# --- Staff remove one photo ----------------------------------------------------------------------
def test_staff_remove_one_photo_with_a_plate_and_the_listing_stays_live(
    staff_client: Client, alternator: Part, django_capture_on_commit_callbacks
) -> None:
    first, plate, last = (attach_photo(alternator) for _ in range(3))
    change_page = staff_client.get(f"{CHANGELIST}{alternator.pk}/change/")
    assertContains(change_page, f"/yonetim/parts/partimage/?id__exact={plate.id}")
    assert staff_client.get(f"/yonetim/parts/partimage/?id__exact={plate.id}").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/yonetim/parts/partimage/",
            {"action": "remove_photos", "_selected_action": [str(plate.pk)], "index": 0},
            follow=True,
        )

    assert flash_messages(response) == [
        expected_message("%(count)d photo removed.", "%(count)d photos removed.", 1)
    ]
    assert list(alternator.images.order_by("position").values_list("pk", flat=True)) == [
        first.pk,
        last.pk,
    ]
    alternator.refresh_from_db()
    assert alternator.status == PartStatus.ACTIVE
    assert alternator.is_public
    assert Client().get(f"/parca/{alternator.slug}/").status_code == 200
    assert not Path(str(plate.display.path)).exists()


def test_support_staff_without_change_permission_cannot_remove_photos(
    alternator: Part,
) -> None:
    photo = attach_photo(alternator)
    viewer = UserFactory.create(is_staff=True)
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="view_partimage"))
    client = Client()
    client.force_login(viewer)

    response = client.post(
        "/yonetim/parts/partimage/",
        {"action": "remove_photos", "_selected_action": [str(photo.pk)], "index": 0},
    )

    assert response.status_code in {200, 302}
    assert PartImage.objects.filter(pk=photo.pk).exists()


def test_the_listing_list_names_its_two_states_apart(
    staff_client: Client, alternator: Part
) -> None:
    """The part's condition and the listing's status were both "Durum"."""
    html = staff_client.get(CHANGELIST).content.decode()
    table = html.split('<table id="result_list">', 1)[1].split("</thead>", 1)[0]
    headers = re.findall(r'<th scope="col"[^>]*>.*?</th>', table, re.S)
    texts = [re.sub(r"<[^>]+>", "", header).strip() for header in headers]
    assert "İlan durumu" in texts
    assert len([text for text in texts if text]) == len({text for text in texts if text})
