"""The custom user model: e-mail login (case-insensitive), Turkish phones, canonical cities."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from marketplace.models import User
from marketplace.privacy import mask_email
from marketplace.services import user_create
from marketplace.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_email_is_the_login_and_case_insensitive() -> None:
    user = user_create(email="  Ayse.Yilmaz@Example.COM ", password=TEST_PASSWORD)
    assert user.email == "ayse.yilmaz@example.com"
    assert authenticate(username="AYSE.YILMAZ@example.com", password=TEST_PASSWORD) == user
    with pytest.raises(ValidationError) as error:
        user_create(email="ayse.yilmaz@EXAMPLE.com", password=TEST_PASSWORD)
    assert "email" in error.value.message_dict


def test_database_refuses_a_case_variant_even_past_validation() -> None:
    UserFactory.create(email="mehmet@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="MEHMET@example.com")])


@pytest.mark.parametrize(
    "spelling", ["0532 123 45 67", "+90 532 1234567", "5321234567", "(0532) 123-45-67"]
)
def test_phone_is_stored_in_e164_from_any_common_spelling(spelling: str) -> None:
    user = user_create(email="telefon@example.com", password=TEST_PASSWORD, phone=spelling)
    assert user.phone == "+905321234567"


def test_invalid_phone_is_a_turkish_field_error() -> None:
    with pytest.raises(ValidationError) as error:
        user_create(email="telefon@example.com", password=TEST_PASSWORD, phone="12ab")
    assert error.value.message_dict["phone"] == ["Geçersiz telefon numarası. Örnek: 0532 123 45 67"]


def test_phone_is_unique_but_many_users_may_have_none() -> None:
    user_create(email="a@example.com", password=TEST_PASSWORD, phone="0532 123 45 67")
    user_create(email="b@example.com", password=TEST_PASSWORD)
    user_create(email="c@example.com", password=TEST_PASSWORD, phone="")
    with pytest.raises(ValidationError):
        user_create(email="d@example.com", password=TEST_PASSWORD, phone="+905321234567")
    assert User.objects.filter(phone__isnull=True).count() == 2


def test_city_must_be_a_canonical_province() -> None:
    user = user_create(email="sehir@example.com", password=TEST_PASSWORD, city="Iğdır")
    assert user.city == "Iğdır"
    with pytest.raises(ValidationError):
        user_create(email="yanlis@example.com", password=TEST_PASSWORD, city="Gotham")


def test_new_user_defaults() -> None:
    user = user_create(email="yeni@example.com", password=TEST_PASSWORD)
    assert user.is_business_seller is False
    assert user.is_staff is False
    assert user.created_at is not None
    assert user.public_name == "y****@example.com"


def test_mask_email() -> None:
    assert mask_email("kullanici@example.com") == "k****@example.com"
    assert mask_email("bozuk") == "****"
