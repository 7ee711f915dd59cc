"""factory-boy factories of the core app."""

from __future__ import annotations

from functools import cache

import factory
from django.contrib.auth.hashers import make_password

from marketplace.models import User

TEST_PASSWORD = "Parola12345"


@cache
def _test_password_hash() -> str:
    # Hashing once keeps factories fast (`make test` hashes with MD5, TEST_FAST_PASSWORD_HASHING).
    return make_password(TEST_PASSWORD)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"kullanici{n}@example.com")
    display_name = factory.Faker("name", locale="tr_TR")
    password = factory.LazyFunction(_test_password_hash)
