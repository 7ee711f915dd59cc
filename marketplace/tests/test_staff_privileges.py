"""Staff cannot raise their own rights: only superusers change flags, groups, permissions,
e-mails and passwords, or touch another staff member; the roles exist after every migrate."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from marketplace.models import User
from marketplace.roles import STAFF_ROLES, staff_roles_ensure
from marketplace.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _change_url(user: User) -> str:
    return f"/yonetim/marketplace/user/{user.pk}/change/"


def _password_url(user: User) -> str:
    return f"/yonetim/marketplace/user/{user.pk}/password/"


def _staff(role: str) -> User:
    staff_roles_ensure()
    member = UserFactory.create(is_staff=True)
    member.groups.add(Group.objects.get(name=role))
    return member


def _full_user_form(user: User, **changes: object) -> dict[str, object]:
    """Every field the superuser's change form has, as a crafted POST would send it."""
    data: dict[str, object] = {
        "email": user.email,
        "display_name": user.display_name,
        "phone": user.phone or "",
        "city": "",
        "notify_email": "on",
        "is_active": "on",
    }
    data.update(changes)
    return data


def test_moderator_cannot_make_themselves_superuser(client: Client):
    moderator = _staff("Moderatörler")
    client.force_login(moderator)

    response = client.post(
        _change_url(moderator), _full_user_form(moderator, is_staff="on", is_superuser="on")
    )

    assert response.status_code == 403
    moderator.refresh_from_db()
    assert not moderator.is_superuser


def test_moderator_edits_only_what_moderation_needs_on_a_user(client: Client, user: User):
    moderator = _staff("Moderatörler")
    moderators = Group.objects.get(name="Moderatörler")
    client.force_login(moderator)
    original_email = user.email

    response = client.post(
        _change_url(user),
        _full_user_form(
            user,
            display_name="Uygun ad",
            email="saldirgan@example.com",
            is_staff="on",
            is_superuser="on",
            groups=[str(moderators.pk)],
        ),
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Uygun ad"
    assert user.email == original_email
    assert not user.is_staff
    assert not user.is_superuser
    assert not user.groups.exists()


def test_moderator_cannot_set_a_password_through_the_admin(client: Client, user: User):
    moderator = _staff("Moderatörler")
    superuser = UserFactory.create(is_staff=True, is_superuser=True)
    client.force_login(moderator)
    new_password = {"password1": "Ele-gecirme-2026", "password2": "Ele-gecirme-2026"}

    for target in (superuser, user):
        assert client.get(_password_url(target)).status_code == 403
        assert client.post(_password_url(target), new_password).status_code == 403
        target.refresh_from_db()
        assert target.check_password(TEST_PASSWORD)


def test_moderator_cannot_change_or_ban_another_staff_member(client: Client):
    moderator = _staff("Moderatörler")
    superuser = UserFactory.create(is_staff=True, is_superuser=True)
    client.force_login(moderator)

    assert client.get(_change_url(superuser)).status_code == 200  # may look (view permission)
    response = client.post(
        _change_url(superuser), _full_user_form(superuser, email="ben@example.com")
    )
    assert response.status_code == 403
    client.post(
        "/yonetim/marketplace/user/",
        {"action": "ban_users", "_selected_action": [str(superuser.pk)], "apply": "1"},
    )

    superuser.refresh_from_db()
    assert superuser.email != "ben@example.com"
    assert superuser.is_active
    assert not superuser.is_banned


def test_superuser_still_manages_roles_and_passwords(client: Client, user: User):
    staff_roles_ensure()
    superuser = UserFactory.create(is_staff=True, is_superuser=True)
    support = Group.objects.get(name="Destek")
    client.force_login(superuser)

    response = client.post(
        _change_url(user), _full_user_form(user, is_staff="on", groups=[str(support.pk)])
    )
    assert response.status_code == 302
    response = client.post(
        _password_url(user), {"password1": "Yeni-parola-2026", "password2": "Yeni-parola-2026"}
    )
    assert response.status_code == 302

    user.refresh_from_db()
    assert user.is_staff
    assert list(user.groups.all()) == [support]
    assert user.check_password("Yeni-parola-2026")


def test_staff_roles_exist_after_migrate_on_every_database():
    Group.objects.filter(name__in=STAFF_ROLES).delete()

    call_command("migrate", verbosity=0, interactive=False)

    for name, codenames in STAFF_ROLES.items():
        group = Group.objects.get(name=name)
        assert group.permissions.count() == len(codenames)
