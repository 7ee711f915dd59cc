"""The audit log: bans, unbans and role changes are one entry each, with before, after and
reason; nobody edits or deletes an entry (the admin, the ORM, and on PostgreSQL raw SQL)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import Client

from marketplace.models import AuditAction, AuditEntry, AuditLogAppendOnlyError, User
from marketplace.roles import staff_roles_ensure
from marketplace.selectors import user_data_export
from marketplace.services.audit import audit_record
from marketplace.services.moderation import user_ban, user_unban
from marketplace.services.privacy import account_delete
from marketplace.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MODERATOR = "Moderatörler"


def _admin(user: User, *, ip: str = "127.0.0.1") -> Client:
    client = Client(REMOTE_ADDR=ip)
    client.force_login(user)
    return client


def _entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def test_a_ban_from_the_admin_is_one_entry_with_who_where_before_after_and_reason(
    staff_user: User,
) -> None:
    target = UserFactory.create(email="dolandirici@example.com")
    response = _admin(staff_user, ip="203.0.113.7").post(
        "/yonetim/marketplace/user/",
        {
            "action": "ban_users",
            "_selected_action": [target.pk],
            "apply": "1",
            "reason": "Kapora dolandırıcılığı",
        },
    )
    assert response.status_code == 302
    [entry] = _entries(AuditAction.USER_BAN)
    assert entry.actor == staff_user
    assert entry.actor_role == "superuser"
    assert entry.actor_ip == "203.0.113.7"
    assert (entry.target_id, entry.target_label) == (str(target.pk), "d****@example.com")
    assert entry.before == {"is_active": True, "banned_at": None, "ban_reason": ""}
    assert entry.after["is_active"] is False
    assert entry.after["ban_reason"] == "Kapora dolandırıcılığı"
    assert entry.after["banned_at"]
    assert entry.reason == "Kapora dolandırıcılığı"


def test_lifting_a_ban_keeps_its_reason_in_the_log(staff_user: User) -> None:
    target = UserFactory.create()
    user_ban(user=target, reason="Sahte ilan", actor=staff_user)
    _admin(staff_user).post(
        "/yonetim/marketplace/user/", {"action": "unban_users", "_selected_action": [target.pk]}
    )
    target.refresh_from_db()
    assert (target.is_active, target.ban_reason) == (True, "")
    [entry] = _entries(AuditAction.USER_UNBAN)
    assert entry.actor == staff_user
    assert entry.before["ban_reason"] == "Sahte ilan"
    assert entry.after == {"is_active": True, "banned_at": None, "ban_reason": ""}
    assert len(_entries(AuditAction.USER_BAN)) == 1


def test_a_ban_by_the_platform_has_no_actor(user: User) -> None:
    user_unban(user=user_ban(user=user, reason="spam"))
    ban, unban = AuditEntry.objects.filter(target_id=str(user.pk)).order_by("id")
    assert (ban.actor, ban.actor_role, ban.actor_ip) == (None, "platform", None)
    assert unban.before["ban_reason"] == "spam"


def test_a_superuser_making_someone_a_moderator_is_one_entry(staff_user: User) -> None:
    staff_roles_ensure()
    target = UserFactory.create(email="yeni.moderator@example.com")
    moderators = Group.objects.get(name=MODERATOR)
    response = _admin(staff_user).post(
        f"/yonetim/marketplace/user/{target.pk}/change/",
        {
            "email": target.email,
            "display_name": "",
            "phone": "",
            "city": "",
            "notify_email": "on",
            "is_active": "on",
            "is_staff": "on",
            "groups": [moderators.pk],
            "last_login_0": "",
            "last_login_1": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    [entry] = AuditEntry.objects.filter(target_id=str(target.pk))
    assert entry.action == AuditAction.USER_ROLES_CHANGE
    assert entry.actor == staff_user
    assert entry.before == {"is_staff": False, "groups": []}
    assert entry.after == {"is_staff": True, "groups": [MODERATOR]}


def test_role_changes_outside_the_admin_are_logged_too(user: User) -> None:
    staff_roles_ensure()
    moderators = Group.objects.get(name=MODERATOR)
    user.groups.add(moderators)
    user.is_superuser = True
    user.save()
    moderators.user_set.remove(user)
    user.display_name = "Ali"
    user.save()  # no role change: no entry
    added, promoted, removed = AuditEntry.objects.filter(target_id=str(user.pk)).order_by("id")
    assert (added.before, added.after) == ({"groups": []}, {"groups": [MODERATOR]})
    assert (promoted.before, promoted.after) == ({"is_superuser": False}, {"is_superuser": True})
    assert (removed.before, removed.after) == ({"groups": [MODERATOR]}, {"groups": []})
    assert {entry.actor for entry in (added, promoted, removed)} == {None}


def test_loading_users_without_their_flags_costs_no_query_and_a_promotion_is_still_seen(
    user: User, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        [loaded] = User.objects.filter(pk=user.pk).only("email")
    loaded.is_staff = True
    loaded.save()
    [entry] = AuditEntry.objects.filter(action=AuditAction.USER_ROLES_CHANGE)
    assert (entry.before, entry.after) == ({"is_staff": False}, {"is_staff": True})


def test_entries_cannot_be_changed_or_deleted_through_the_orm(user: User) -> None:
    entry = audit_record(actor=None, action=AuditAction.USER_BAN, target=user, reason="x")
    entry.reason = "rewritten"
    with pytest.raises(AuditLogAppendOnlyError):
        entry.save()
    with pytest.raises(AuditLogAppendOnlyError):
        entry.delete()
    with pytest.raises(AuditLogAppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="rewritten")
    with pytest.raises(AuditLogAppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).reason == "x"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the database guard is a PostgreSQL trigger; SQLite relies on the model's refusals",
)
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE marketplace_auditentry SET reason = 'rewritten'",
        "DELETE FROM marketplace_auditentry",
    ],
)
def test_postgresql_refuses_update_and_delete_even_in_raw_sql(user: User, statement: str) -> None:
    entry = audit_record(actor=None, action=AuditAction.USER_BAN, target=user, reason="x")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert AuditEntry.objects.get(pk=entry.pk).reason == "x"


def test_the_admin_shows_entries_but_offers_no_add_change_or_delete(staff_user: User) -> None:
    target = UserFactory.create()
    user_ban(user=target, reason="spam", actor=staff_user)
    entry = AuditEntry.objects.get(action=AuditAction.USER_BAN)
    client = _admin(staff_user)  # a superuser: not even they may
    listing = client.get("/yonetim/marketplace/auditentry/?action__exact=user_ban")
    assert listing.status_code == 200
    assert entry.target_label in listing.content.decode()
    assert "delete_selected" not in listing.content.decode()
    page = client.get(f"/yonetim/marketplace/auditentry/{entry.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert f'href="/yonetim/marketplace/user/{target.pk}/change/"' in page.content.decode()
    assert client.get("/yonetim/marketplace/auditentry/add/").status_code == 403
    assert client.get(f"/yonetim/marketplace/auditentry/{entry.pk}/delete/").status_code == 403
    refused = client.post(
        f"/yonetim/marketplace/auditentry/{entry.pk}/change/", {"reason": "rewritten"}
    )
    assert refused.status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).reason == "spam"


def test_a_moderator_reads_the_log_and_support_does_not(staff_user: User) -> None:
    staff_roles_ensure()
    user_ban(user=UserFactory.create(), reason="spam", actor=staff_user)
    for role, status in ((MODERATOR, 200), ("Destek", 403)):
        member = UserFactory.create(is_staff=True)
        member.groups.add(Group.objects.get(name=role))
        assert _admin(member).get("/yonetim/marketplace/auditentry/").status_code == status


def test_account_deletion_keeps_the_entries_and_the_export_leaves_them_out(
    staff_user: User,
) -> None:
    target = UserFactory.create()
    user_ban(user=target, reason="spam", actor=staff_user)
    user_unban(user=target, actor=staff_user)
    export = user_data_export(user=target)
    assert not [section for section in export if "audit" in section.lower()]
    account_delete(user=target, by_staff=True)
    entries = AuditEntry.objects.filter(target_id=str(target.pk))
    assert entries.count() == 2
    assert entries.filter(action=AuditAction.USER_BAN).get().reason == "spam"
    # The actor's deletion too leaves their entries with their id.
    account_delete(user=staff_user)
    assert AuditEntry.objects.filter(actor_id=staff_user.pk).count() == 2
