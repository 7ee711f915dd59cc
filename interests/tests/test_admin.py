"""Staff see every answer in the admin, search and filter it, and cannot type answers."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from interests.models import Interest
from interests.services import interest_express
from marketplace.models import User
from marketplace.tests.factories import UserFactory
from parts.tests.factories import make_part

pytestmark = pytest.mark.django_db

LIST = "/yonetim/interests/interest/"


@pytest.fixture
def staff_client(staff_user: User) -> Client:
    client = Client()
    client.force_login(staff_user)
    return client


@pytest.fixture
def answers() -> None:
    ayse = UserFactory.create(email="ayse@example.com")
    mehmet = UserFactory.create(email="mehmet@example.com")
    interest_express(user=ayse, part=make_part(title="BMW E46 Far Camı"), type="interested")
    interest_express(user=mehmet, part=make_part(title="Fiat Doblo Tampon"), type="not_interested")


def test_list_searches_by_email_and_part_title(staff_client: Client, answers: None) -> None:
    assertContains(staff_client.get(LIST), "ayse@example.com")
    by_email = staff_client.get(LIST, {"q": "mehmet@"})
    assertContains(by_email, "mehmet@example.com")
    assertNotContains(by_email, "ayse@example.com")
    by_title = staff_client.get(LIST, {"q": "Far Camı"})
    assertContains(by_title, "ayse@example.com")
    assertNotContains(by_title, "mehmet@example.com")


def test_list_filters_by_type(staff_client: Client, answers: None) -> None:
    response = staff_client.get(LIST, {"type__exact": "not_interested"})
    assertContains(response, "mehmet@example.com")
    assertNotContains(response, "ayse@example.com")


def test_answers_are_read_only(staff_client: Client, answers: None) -> None:
    assert staff_client.get(LIST + "add/").status_code == 403
    interest = Interest.objects.get(type="interested")
    page = staff_client.get(f"{LIST}{interest.pk}/change/")
    assert page.status_code == 200
    assertNotContains(page, 'name="type"')
    staff_client.post(f"{LIST}{interest.pk}/change/", {"type": "not_interested"})
    interest.refresh_from_db()
    assert interest.type == "interested"


def test_the_admin_writes_ilgiler_with_the_turkish_capital_i(staff_client) -> None:
    """Django's capfirst makes "ilgiler" into "Ilgiler"; the labels start capitalised."""
    html = staff_client.get("/yonetim/").content.decode()
    assert ">İlgiler<" in html
    assert ">Ilgiler<" not in html
