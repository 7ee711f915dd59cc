"""The review queue in the admin (/yonetim/) as a moderator (the "Moderatörler" group, not a
superuser): riskiest first with the reasons, approve, reject with a reason from the list, banned
words; the seller is told and can edit and send the listing again."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains
from pytest_django.fixtures import Settings

from integrations.models import Notification
from marketplace.models import User
from marketplace.roles import staff_roles_ensure
from marketplace.tests.factories import UserFactory
from parts.models import BannedWord, Part, PartRejectionReason, PartStatus
from parts.services import part_update
from parts.tests.factories import make_part

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_in_process")]

CHANGELIST = "/yonetim/parts/part/"
QUEUE = f"{CHANGELIST}?status__exact=pending_review"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def moderator_client(client: Client) -> Client:
    staff_roles_ensure()
    moderator = UserFactory.create(is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderatörler"))
    client.force_login(moderator)
    return client


def held(description: str, title: str = "BMW E46 Alternatör - Orijinal Bosch") -> Part:
    seller = UserFactory.create(created_at=timezone.now() - timedelta(days=30))
    part = make_part(seller=seller, title=title, description=description)
    assert part.status == PartStatus.PENDING_REVIEW
    return part


def test_the_queue_lists_held_listings_riskiest_first_with_their_reasons(
    moderator_client: Client,
) -> None:
    phone = held("Arayın: beş üç iki bir iki üç dört beş altı yedi", title="Clio 4 Far")
    both = held("TR33 0006 1005 1978 6457 8413 26, ali@parcaci.com", title="Golf 4 Ayna")
    make_part(title="Canlı ilan")

    response = moderator_client.get(QUEUE)

    assert response.status_code == 200
    titles = [part.title for part in response.context["cl"].result_list]
    assert titles == [both.title, phone.title]
    change = moderator_client.get(f"{CHANGELIST}{both.pk}/change/")
    assertContains(change, "Başlıkta veya açıklamada IBAN var.")
    assertContains(change, "Başlıkta veya açıklamada e-posta adresi var.")
    assertContains(change, "+60")


def test_approving_publishes_the_listing_and_tells_the_seller(moderator_client: Client) -> None:
    part = held("WhatsApp sıfır beş yüz otuz iki yüz yirmi üç kırk beş altmış yedi")
    assert Client().get(f"/parca/{part.slug}/").status_code == 404

    moderator_client.post(
        CHANGELIST,
        {"action": "status_active", "_selected_action": [str(part.pk)], "index": 0},
    )

    part.refresh_from_db()
    assert part.status == PartStatus.ACTIVE
    assert Client().get(f"/parca/{part.slug}/").status_code == 200
    assert Notification.objects.filter(user=part.seller, event="listing_approved").count() == 1


def test_rejecting_with_a_reason_from_the_list_tells_the_seller_who_can_resubmit(
    moderator_client: Client,
) -> None:
    part = held("Bilgi için 0532 123 45 67")
    asked = moderator_client.post(
        CHANGELIST, {"action": "status_rejected", "_selected_action": [str(part.pk)], "index": 0}
    )
    assertContains(asked, str(PartRejectionReason.CONTACT.label))
    assertContains(asked, 'value="contact"')

    moderator_client.post(
        CHANGELIST,
        {
            "action": "status_rejected",
            "_selected_action": [str(part.pk)],
            "apply": "1",
            "reason_code": "contact",
            "reason_note": "Numarayı açıklamadan çıkarın.",
        },
    )

    part.refresh_from_db()
    assert part.status == PartStatus.REJECTED
    assert part.rejection_code == PartRejectionReason.CONTACT
    expected = (
        "İlanda telefon numarası, adres ya da site dışında iletişim için başka bir bilgi var: "
        "Numarayı açıklamadan çıkarın."
    )
    assert part.rejection_reason == expected
    notice = Notification.objects.get(user=part.seller, event="listing_rejected")
    assert notice.context["reason"] == expected

    # The seller edits it: it goes back to the queue, scored again (no phone number now).
    part = part_update(part=part, actor=part.seller, data={"description": "Mesajla ulaşın."})
    assert part.status == PartStatus.PENDING_REVIEW
    assert part.risk_score == 0
    queue = moderator_client.get(QUEUE)
    assert [listing.pk for listing in queue.context["cl"].result_list] == [part.pk]

    moderator_client.post(
        CHANGELIST, {"action": "status_active", "_selected_action": [str(part.pk)], "index": 0}
    )
    part.refresh_from_db()
    assert part.status == PartStatus.ACTIVE
    assert part.rejection_reason == ""
    assert part.rejection_code == ""


def test_another_reason_needs_a_note(moderator_client: Client) -> None:
    part = held("usta.ali (at) gmail nokta com")

    response = moderator_client.post(
        CHANGELIST,
        {
            "action": "status_rejected",
            "_selected_action": [str(part.pk)],
            "apply": "1",
            "reason_code": "other",
            "reason_note": " ",
        },
    )

    assertContains(response, "Nedeni nota yazın: satıcı bunu okuyacak.")
    part.refresh_from_db()
    assert part.status == PartStatus.PENDING_REVIEW


def test_a_moderator_adds_a_banned_word_and_new_listings_with_it_wait(
    moderator_client: Client,
) -> None:
    response = moderator_client.post(
        "/yonetim/parts/bannedword/add/",
        {"phrase": "Çıkma Motor Bloğu Kaçak", "points": "55", "note": "gümrük kaçağı"},
    )
    assert response.status_code == 302
    word = BannedWord.objects.get()
    assert word.phrase_folded == "cikma motor blogu kacak"

    part = held("ÇIKMA MOTOR BLOĞU KAÇAK, faturasız.")

    assert part.risk_score == 55


def test_support_staff_cannot_approve_or_edit_banned_words(client: Client) -> None:
    staff_roles_ensure()
    support: User = UserFactory.create(is_staff=True)
    support.groups.add(Group.objects.get(name="Destek"))
    client.force_login(support)
    part = held("Arayın 0532 123 45 67")

    client.post(CHANGELIST, {"action": "status_active", "_selected_action": [str(part.pk)]})

    part.refresh_from_db()
    assert part.status == PartStatus.PENDING_REVIEW
    assert client.get("/yonetim/parts/bannedword/").status_code == 403
