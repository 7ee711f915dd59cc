"""Listing expiry (issue 21): 60 days from publishing or renewal, a reminder 3 days before through
the outbox (once per expiry), then `expired`: out of search, page kept; renewal by the seller."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from conftest import bearer_client
from integrations.models import Notification
from marketplace.models import User
from marketplace.tests.factories import UserFactory
from parts.filters import PartSearchFilters
from parts.models import Part, PartStatus
from parts.selectors import part_search_page
from parts.services import part_expiry_sweep, part_renew, part_status_change
from parts.tasks import part_expiry_sweep_task
from parts.tests.factories import make_part

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def _search(text: str) -> list[Part]:
    return part_search_page(filters=PartSearchFilters(search=text)).parts


def test_a_new_listing_expires_sixty_days_after_publishing() -> None:
    before = timezone.now()
    part = make_part()
    assert part.expires_at is not None
    assert before + 60 * DAY <= part.expires_at <= timezone.now() + 60 * DAY


def test_the_lifetime_is_a_setting(settings: object) -> None:
    settings.PART_LIFETIME_DAYS = 30  # type: ignore[attr-defined]
    part = make_part()
    assert part.expires_at is not None
    assert part.expires_at - part.created_at < 31 * DAY


def test_the_seller_is_reminded_three_days_before_once_per_expiry() -> None:
    part = make_part(title="Clio 4 Sağ Far")
    assert part.expires_at is not None
    assert part_expiry_sweep(now=part.expires_at - 4 * DAY).reminded == 0  # too early

    three_days_before = part.expires_at - 3 * DAY + timedelta(minutes=5)
    assert part_expiry_sweep(now=three_days_before).reminded == 1
    assert part_expiry_sweep(now=three_days_before + timedelta(hours=1)).reminded == 0
    assert part_expiry_sweep(now=part.expires_at - DAY).reminded == 0  # still the same expiry

    [reminder] = Notification.objects.filter(event="listing_expiring")
    assert reminder.user == part.seller
    assert reminder.context["part_name"] == "Clio 4 Sağ Far"
    assert reminder.context["renew_url"].endswith("/hesabim/ilanlarim/")
    local = timezone.localtime(part.expires_at)
    assert reminder.context["expires_on"].startswith(f"{local.day} ")  # "7 Şubat 2027"
    assert reminder.context["expires_on"].endswith(str(local.year))

    # Renewed: the next expiry gets its own reminder.
    renewed = part_renew(part=part, actor=part.seller, now=part.expires_at - DAY)
    assert renewed.expires_at is not None
    assert part_expiry_sweep(now=renewed.expires_at - 2 * DAY).reminded == 1
    assert Notification.objects.filter(event="listing_expiring").count() == 2


def test_an_expired_listing_leaves_search_and_keeps_its_page(client: Client) -> None:
    part = make_part(title="Passat B6 Turbo")
    other = make_part(title="Passat B6 Turbo Hortumu")
    assert {found.pk for found in _search("passat turbo")} == {part.pk, other.pk}
    assert part.expires_at is not None
    Part.objects.filter(pk=other.pk).update(expires_at=part.expires_at + 30 * DAY)  # renewed

    sweep = part_expiry_sweep(now=part.expires_at + timedelta(minutes=1))

    assert sweep.expired == 1
    part.refresh_from_db()
    assert part.status == PartStatus.EXPIRED
    assert [found.pk for found in _search("passat turbo")] == [other.pk]
    page = client.get(f"/parca/{part.slug}/")
    assert page.status_code == 200
    assert "Süresi doldu" in page.content.decode()
    # The reminder of a listing that was already past its date is not sent afterwards.
    assert part_expiry_sweep(now=part.expires_at + DAY).expired == 0


def test_sold_listings_leave_search_too() -> None:
    part = make_part(title="Astra J Kapı Kolu")
    part_status_change(part=part, actor=part.seller, status=PartStatus.SOLD)
    assert _search("astra kapı kolu") == []


def test_renewing_an_expired_listing_brings_it_back_for_sixty_days() -> None:
    part = make_part(title="Megane 3 Arka Stop")
    assert part.expires_at is not None
    part_expiry_sweep(now=part.expires_at + DAY)
    renewed_at = part.expires_at + 2 * DAY

    renewed = part_renew(part=part, actor=part.seller, now=renewed_at)

    assert renewed.status == PartStatus.ACTIVE
    assert renewed.expires_at == renewed_at + 60 * DAY
    assert [found.pk for found in _search("megane stop")] == [part.pk]


def test_only_the_owner_renews_and_only_renewable_listings() -> None:
    part = make_part()
    stranger = UserFactory.create()
    refused = bearer_client(stranger)
    assert refused.post(f"/api/parts/{part.pk}/renew").json()["error"]["code"] == "FORBIDDEN"

    part_status_change(part=part, actor=part.seller, status=PartStatus.SOLD)
    answer = bearer_client(part.seller).post(f"/api/parts/{part.pk}/renew")
    assert answer.status_code == 409
    assert answer.json()["error"]["code"] == "PART_NOT_RENEWABLE"
    assert answer.json()["error"]["message"] == (
        "Yalnızca yayındaki, duraklatılmış ya da süresi dolmuş bir ilanın süresi uzatılabilir."
    )


def test_renew_through_the_api_returns_the_new_expiry() -> None:
    part = make_part()
    Part.objects.filter(pk=part.pk).update(
        status=PartStatus.EXPIRED, expires_at=timezone.now() - DAY
    )
    owner = bearer_client(part.seller)  # answers validated against the OpenAPI schema

    answer = owner.post(f"/api/parts/{part.pk}/renew")

    assert answer.status_code == 200
    data = answer.json()["data"]["part"]
    assert data["status"] == "active"
    part.refresh_from_db()
    assert part.expires_at is not None
    assert part.expires_at > timezone.now() + 59 * DAY


def test_renew_button_on_my_listings(client: Client) -> None:
    part = make_part()
    Part.objects.filter(pk=part.pk).update(status=PartStatus.EXPIRED)
    seller: User = part.seller
    client.force_login(seller)
    assert "Yeniden yayınla" in client.get("/hesabim/ilanlarim/").content.decode()

    answer = client.post(f"/hesabim/ilanlarim/{part.pk}/", {"action": "renew"})

    assert answer.status_code == 302
    part.refresh_from_db()
    assert part.status == PartStatus.ACTIVE


def test_a_paused_listing_keeps_its_clock_and_an_approved_one_starts_a_new_one(
    staff_user: User,
) -> None:
    part = make_part()
    first_expiry = part.expires_at
    part_status_change(part=part, actor=part.seller, status=PartStatus.PAUSED)
    part = part_status_change(part=part, actor=part.seller, status=PartStatus.ACTIVE)
    assert part.expires_at == first_expiry

    Part.objects.filter(pk=part.pk).update(
        status=PartStatus.PENDING_REVIEW, expires_at=timezone.now() - 10 * DAY
    )
    approved = part_status_change(part=part, actor=staff_user, status=PartStatus.ACTIVE)
    assert approved.expires_at is not None
    assert approved.expires_at > timezone.now() + 59 * DAY


def test_the_beat_task_runs_the_sweep() -> None:
    part = make_part()
    Part.objects.filter(pk=part.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert part_expiry_sweep_task() == {"reminded": 0, "expired": 1}


def test_synthetic_demo_listings_get_a_full_period_from_the_load() -> None:
    from parts.demo import synthetic_parts

    now = timezone.now()
    seller = UserFactory.create()
    parts = list(synthetic_parts(count=3, seller_ids=[seller.pk], seed=7, now=now))
    assert {part.expires_at for part in parts} == {now + 60 * DAY}
    assert all(part.created_at < now for part in parts)
