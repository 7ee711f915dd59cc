"""Staff moderation of users: ban/unban (service and admin), phone search, staff roles."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from pytest_django.asserts import assertContains

from marketplace.errors import DomainError
from marketplace.models import User
from marketplace.roles import STAFF_ROLES, staff_roles_ensure
from marketplace.services.moderation import user_ban, user_unban
from marketplace.services.sessions import session_create, session_refresh
from marketplace.tests.factories import TEST_PASSWORD, UserFactory
from marketplace.tokens import InvalidAccessToken, access_token_create, user_get_for_access_token
from parts.models import PartStatus
from parts.selectors import part_newest
from parts.tests.factories import make_part

pytestmark = pytest.mark.django_db

CHANGELIST = "/yonetim/marketplace/user/"


def test_a_ban_stops_logins_tokens_and_listings_at_once(client: Client, user: User):
    active = make_part(seller=user, title="Passat B8 ön tampon")
    sold = make_part(seller=user)
    sold.status = PartStatus.SOLD
    sold.save()
    session = session_create(user=user)
    access = access_token_create(user=user)
    client.force_login(user)
    assert client.get("/hesabim/").status_code == 200

    user_ban(user=user, reason="Sahte ilan")

    user.refresh_from_db()
    assert user.is_banned
    assert not user.is_active
    assert user.ban_reason == "Sahte ilan"
    assert client.get("/hesabim/").status_code == 302  # the browser session ended
    with pytest.raises(InvalidAccessToken):
        user_get_for_access_token(access)
    with pytest.raises(DomainError):
        session_refresh(refresh_token=session.refresh_token)
    active.refresh_from_db()
    sold.refresh_from_db()
    assert (active.status, sold.status) == (PartStatus.SUSPENDED, PartStatus.SOLD)
    assert active not in part_newest()
    assert Client().get(f"/parca/{active.slug}/").status_code == 404
    assert not Client().login(email=user.email, password=TEST_PASSWORD)


def test_unban_restores_login_and_exactly_the_listings_the_ban_hid(user: User):
    active = make_part(seller=user)
    paused = make_part(seller=user)
    paused.status = PartStatus.PAUSED
    paused.save()
    user_ban(user=user)
    user_unban(user=user)
    user.refresh_from_db()
    assert user.is_active
    assert not user.is_banned
    assert user.ban_reason == ""
    active.refresh_from_db()
    paused.refresh_from_db()
    assert (active.status, paused.status) == (PartStatus.ACTIVE, PartStatus.PAUSED)
    assert Client().login(email=user.email, password=TEST_PASSWORD)


@pytest.fixture
def staff_client(client: Client, staff_user: User) -> Client:
    client.force_login(staff_user)
    return client


def test_admin_ban_asks_for_a_reason_then_bans(staff_client: Client, user: User, staff_user: User):
    make_part(seller=user)
    selection = {"action": "ban_users", "_selected_action": [str(user.pk), str(staff_user.pk)]}
    confirm = staff_client.post(CHANGELIST, selection)
    assert confirm.status_code == 200
    assertContains(confirm, "Kullanıcıları engelle")
    assertContains(confirm, user.email)
    assertContains(confirm, "Kendinizi engelleyemezsiniz")
    user.refresh_from_db()
    assert not user.is_banned  # nothing happens before the reason page is sent
    done = staff_client.post(
        CHANGELIST,
        {**selection, "apply": "1", "reason": "Dolandırıcılık şikâyeti"},
        follow=True,
    )
    assertContains(done, "1 kullanıcı engellendi.")
    user.refresh_from_db()
    staff_user.refresh_from_db()
    assert user.is_banned
    assert user.ban_reason == "Dolandırıcılık şikâyeti"
    assert not staff_user.is_banned
    assert user.parts.get().status == PartStatus.SUSPENDED

    lifted = staff_client.post(
        CHANGELIST, {"action": "unban_users", "_selected_action": [str(user.pk)]}, follow=True
    )
    assertContains(lifted, "1 engel kaldırıldı.")
    user.refresh_from_db()
    assert user.is_active


def test_admin_finds_users_by_phone_in_any_spelling_and_by_email(staff_client: Client):
    UserFactory.create(email="satici@example.com", phone="+905321234567")
    UserFactory.create(email="baska@example.com", phone="+905559876543")
    for term in ("0532 123 45 67", "+90 532 1234567", "5321234567", "SATICI@example"):
        response = staff_client.get(CHANGELIST, {"q": term})
        assertContains(response, "satici@example.com")
        assert "baska@example.com" not in response.content.decode()


def test_admin_filters_banned_users(staff_client: Client, user: User, other_user: User):
    user_ban(user=user)
    response = staff_client.get(CHANGELIST, {"banned_at__isempty": "0"})
    assertContains(response, user.email)
    assert other_user.email not in response.content.decode()


def test_staff_roles_are_groups_with_their_permissions():
    staff_roles_ensure()
    moderators = Group.objects.get(name="Moderatörler")
    codenames = set(moderators.permissions.values_list("codename", flat=True))
    assert {"change_part", "change_user", "view_consent"} <= codenames
    assert len(codenames) == len(STAFF_ROLES["Moderatörler"])
    support = Group.objects.get(name="Destek")
    assert "change_user" not in set(support.permissions.values_list("codename", flat=True))


def test_a_moderator_can_ban_but_support_can_only_look(client: Client, user: User):
    staff_roles_ensure()
    moderator = UserFactory.create(is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderatörler"))
    support = UserFactory.create(is_staff=True)
    support.groups.add(Group.objects.get(name="Destek"))
    client.force_login(support)
    assert client.get(CHANGELIST).status_code == 200
    assert "ban_users" not in client.get(CHANGELIST).content.decode()
    client.force_login(moderator)
    client.post(
        CHANGELIST,
        {"action": "ban_users", "_selected_action": [str(user.pk)], "apply": "1", "reason": "x"},
    )
    user.refresh_from_db()
    assert user.is_banned


def test_kvkk_records_are_read_only_in_the_admin(staff_client: Client):
    assert staff_client.get("/yonetim/marketplace/consent/").status_code == 200
    assert staff_client.get("/yonetim/marketplace/consent/add/").status_code == 403
    assert staff_client.get("/yonetim/marketplace/accountdeletionlog/").status_code == 200


def test_lifting_a_ban_restores_only_the_listings_the_ban_suspended(user: User, staff_user: User):
    from parts.services import part_status_change

    hidden_by_staff = make_part(seller=user, title="Sahte fotoğraflı far")
    part_status_change(part=hidden_by_staff, actor=staff_user, status=PartStatus.SUSPENDED)
    paused_by_seller = make_part(seller=user, title="Bekleyen ayna")
    part_status_change(part=paused_by_seller, actor=user, status=PartStatus.PAUSED)
    live = make_part(seller=user, title="Passat B8 ön tampon")

    user_ban(user=user, reason="Sahte ilan")
    live.refresh_from_db()
    assert live.status == PartStatus.SUSPENDED
    user_unban(user=user)

    for part in (hidden_by_staff, paused_by_seller, live):
        part.refresh_from_db()
    assert live.status == PartStatus.ACTIVE
    assert hidden_by_staff.status == PartStatus.SUSPENDED
    assert paused_by_seller.status == PartStatus.PAUSED


def test_a_listing_staff_reset_during_a_ban_is_no_longer_the_bans(user: User, staff_user: User):
    from parts.services import part_status_change

    part = make_part(seller=user)
    user_ban(user=user, reason="Şikâyet")
    part_status_change(part=part, actor=staff_user, status=PartStatus.SUSPENDED)  # by hand now
    user_unban(user=user)

    part.refresh_from_db()
    assert part.status == PartStatus.SUSPENDED
