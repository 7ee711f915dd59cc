"""factory-boy factories of the core app."""

from __future__ import annotations

from typing import Any

import factory

from marketplace.models import User

TEST_PASSWORD = "Parola12345"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"kullanici{n}@example.com")
    display_name = factory.Faker("name", locale="tr_TR")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance: User, create: bool, results: Any = None) -> None:
        if create:
            instance.save(update_fields=["password"])
