"""The reviews admin: read-only, moderators hide and show again through the actions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from marketplace.roles import staff_roles_ensure
from marketplace.tests.factories import UserFactory
from reviews.models import Review
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db
CHANGELIST = "/yonetim/reviews/review/"


@pytest.fixture
def moderator_client() -> Client:
    staff_roles_ensure()
    moderator = UserFactory.create(is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderatörler"))
    client = Client()
    client.force_login(moderator)
    return client


def test_moderators_hide_and_show_reviews_again(moderator_client: Client):
    review = make_review(rating=1, comment="<img src=x onerror=alert(1)>")
    listing = moderator_client.get(CHANGELIST)
    assert listing.status_code == 200
    assert "&lt;img src=x onerror=alert(1)&gt;" in listing.content.decode()
    response = moderator_client.post(
        CHANGELIST, {"action": "hide_reviews", "_selected_action": [str(review.pk)]}, follow=True
    )
    assert "1 değerlendirme gizlendi." in response.content.decode()
    assert Review.objects.get(pk=review.pk).hidden_at is not None
    moderator_client.post(
        CHANGELIST, {"action": "unhide_reviews", "_selected_action": [str(review.pk)]}
    )
    assert Review.objects.get(pk=review.pk).hidden_at is None


def test_support_cannot_see_reviews():
    staff_roles_ensure()
    support = UserFactory.create(is_staff=True)
    support.groups.add(Group.objects.get(name="Destek"))
    client = Client()
    client.force_login(support)
    assert client.get(CHANGELIST).status_code == 403
