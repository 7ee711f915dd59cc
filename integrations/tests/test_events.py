"""Domain events that become notifications: moderation of a listing, a confirmed e-mail."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.test import RequestFactory

from integrations.models import Notification
from marketplace.models import User
from marketplace.tests.factories import UserFactory
from parts.models import PartStatus
from parts.services import part_status_change
from parts.tests.factories import make_part

pytestmark = pytest.mark.django_db


def test_staff_approval_and_rejection_tell_the_seller(user: User, staff_user: User) -> None:
    part = make_part(seller=user)
    part.status = PartStatus.PENDING_REVIEW
    part.save(update_fields=["status"])
    part_status_change(part=part, actor=staff_user, status=PartStatus.ACTIVE)
    part_status_change(part=part, actor=staff_user, status=PartStatus.REJECTED)
    part_status_change(part=part, actor=staff_user, status=PartStatus.PAUSED)  # no notice
    notices = list(Notification.objects.filter(user=user).order_by("created_at"))
    assert [notice.event for notice in notices] == ["listing_approved", "listing_rejected"]
    assert notices[0].context["part_name"] == part.title
    assert notices[0].context["part_url"].endswith(f"/parca/{part.slug}/")


def test_owner_status_changes_do_not_notify(user: User) -> None:
    part = make_part(seller=user)
    part_status_change(part=part, actor=user, status=PartStatus.PAUSED)
    assert not Notification.objects.exists()


def test_confirmed_email_gets_one_welcome() -> None:
    user: User = UserFactory.create()
    address = EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    request = RequestFactory().get("/")
    for _ in range(2):
        email_confirmed.send(sender=EmailAddress, request=request, email_address=address)
    [welcome] = Notification.objects.filter(user=user, event="welcome")
    assert welcome.context["site_url"]
