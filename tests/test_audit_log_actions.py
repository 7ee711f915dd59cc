"""Staff actions of the feature apps in the audit log, each taken the way staff take it (the
admin's actions and forms): one entry per changed row, with before, after and reason, and no
secret ever in it. (Refunds and dispute settlements: orders/tests/test_returns.py, against the
iyzico sandbox.)"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from integrations.connections import connection_save
from marketplace.models import AuditAction, AuditEntry, User
from marketplace.tests.factories import UserFactory
from messaging import services as messaging_services
from orders.tests.factories import make_order
from parts.tests.factories import make_part
from payments.services import payout_profile_save
from payments.tests.factories import COMPANY, VKN
from reviews.services import review_create

pytestmark = pytest.mark.django_db


def _admin(user: User) -> Client:
    client = Client(REMOTE_ADDR="198.51.100.4")
    client.force_login(user)
    return client


def _entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def test_hiding_and_showing_messages_is_one_entry_per_message(staff_user: User) -> None:
    seller, buyer = UserFactory.create(), UserFactory.create()
    conversation = messaging_services.conversation_open(part=make_part(seller=seller), buyer=buyer)
    first, second = (
        messaging_services.message_send(
            conversation_id=conversation.pk, sender=buyer, content=f"IBAN at {n}"
        )
        for n in (1, 2)
    )
    admin = _admin(staff_user)
    selected = {"_selected_action": [first.pk, second.pk]}
    admin.post("/yonetim/messaging/message/", {"action": "hide_messages", **selected})
    admin.post("/yonetim/messaging/message/", {"action": "hide_messages", **selected})  # no-op
    hidden = _entries(AuditAction.MESSAGE_HIDE)
    assert sorted(entry.target_id for entry in hidden) == sorted([str(first.pk), str(second.pk)])
    assert all(entry.before == {"hidden_at": None} and entry.after["hidden_at"] for entry in hidden)
    assert {(entry.actor, entry.actor_ip) for entry in hidden} == {(staff_user, "198.51.100.4")}
    assert "IBAN" not in json.dumps([entry.target_label for entry in hidden])  # no content
    admin.post(
        "/yonetim/messaging/message/", {"action": "unhide_messages", "_selected_action": [first.pk]}
    )
    [shown] = _entries(AuditAction.MESSAGE_UNHIDE)
    assert shown.target_id == str(first.pk)
    assert shown.before == next(e.after for e in hidden if e.target_id == str(first.pk))
    assert shown.after == {"hidden_at": None}


def test_a_staff_rejection_of_a_listing_is_logged_with_its_reason_and_the_owners_pause_is_not(
    staff_user: User,
) -> None:
    from parts.services import part_status_change

    seller = UserFactory.create()
    part = make_part(seller=seller, title="Clio 4 sol far")
    part_status_change(part=part, actor=seller, status="paused")
    assert _entries(AuditAction.PART_STATUS_CHANGE) == []
    part_status_change(
        part=part, actor=staff_user, status="rejected", reason="Telefon numarası ilanda"
    )
    [entry] = _entries(AuditAction.PART_STATUS_CHANGE)
    assert (entry.actor, entry.target_label) == (staff_user, "Clio 4 sol far")
    assert entry.before == {"status": "paused", "rejection_reason": ""}
    assert entry.after == {"status": "rejected", "rejection_reason": "Telefon numarası ilanda"}
    assert entry.reason == "Telefon numarası ilanda"


def test_hiding_and_showing_a_review_from_the_admin_is_one_entry_each(staff_user: User) -> None:
    order = make_order(state="completed")
    review = review_create(order_id=order.pk, buyer=order.buyer, rating=1, comment="Berbat.")
    admin = _admin(staff_user)
    admin.post(
        "/yonetim/reviews/review/", {"action": "hide_reviews", "_selected_action": [review.pk]}
    )
    admin.post(
        "/yonetim/reviews/review/", {"action": "unhide_reviews", "_selected_action": [review.pk]}
    )
    [hidden] = _entries(AuditAction.REVIEW_HIDE)
    [shown] = _entries(AuditAction.REVIEW_UNHIDE)
    assert hidden.target_id == shown.target_id == str(review.pk)
    assert hidden.before == {"hidden_at": None}
    assert shown.before == hidden.after
    assert shown.after == {"hidden_at": None}
    assert hidden.actor == shown.actor == staff_user


def test_verifying_a_company_is_logged_without_its_identity_data(staff_user: User) -> None:
    profile = payout_profile_save(user=UserFactory.create(), data=COMPANY)
    _admin(staff_user).post(
        "/yonetim/payments/payoutprofile/",
        {"action": "verify_company", "_selected_action": [profile.pk]},
    )
    [entry] = _entries(AuditAction.PAYOUT_PROFILE_VERIFY)
    assert entry.actor == staff_user
    assert entry.before == {"identity_status": "unverified"}
    assert entry.after == {"identity_status": "verified"}
    written = json.dumps([entry.before, entry.after, entry.target_label, entry.reason])
    assert VKN not in written
    assert "Demir" not in written


def test_integration_credentials_changes_are_logged_by_name_never_by_value(
    staff_user: User,
) -> None:
    connection_save(
        kind="netgsm_sms",
        config={"usercode": "8501234567", "msgheader": "BANAYENI"},
        secrets={"password": "ilk-gizli-parola"},
        is_enabled=True,
        actor=staff_user,
        reason="Netgsm hesabı açıldı",
    )
    connection_save(
        kind="netgsm_sms",
        config={"usercode": "8501234567", "msgheader": "BANAYENI"},
        secrets={"password": ""},  # blank: keeps the stored one, nothing changed
        is_enabled=True,
        actor=staff_user,
    )
    connection_save(
        kind="netgsm_sms",
        config={"usercode": "8501234567", "msgheader": "BANAYENI"},
        secrets={"password": "yeni-gizli-parola"},
        is_enabled=False,
        actor=staff_user,
    )
    created, rotated = _entries(AuditAction.INTEGRATION_CREDENTIALS_CHANGE)
    assert created.before == {"config": {}, "is_enabled": False}
    assert created.after["secrets_changed"] == ["password"]
    assert created.after["is_enabled"] is True
    assert created.reason == "Netgsm hesabı açıldı"
    assert rotated.before["is_enabled"] is True
    assert rotated.after["is_enabled"] is False
    assert rotated.after["secrets_changed"] == ["password"]
    everything = json.dumps(
        list(AuditEntry.objects.values("before", "after", "reason", "target_label"))
    )
    assert "gizli-parola" not in everything


def test_deleting_a_connection_in_the_integration_center_is_logged(staff_user: User) -> None:
    connection = connection_save(
        kind="netgsm_sms",
        config={"usercode": "8501234567", "msgheader": "BANAYENI"},
        secrets={"password": "gizli-parola"},
        is_enabled=True,
    )
    response = _admin(staff_user).post(
        f"/yonetim/integrations/providerconnection/{connection.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    created, deleted = _entries(AuditAction.INTEGRATION_CREDENTIALS_CHANGE)
    assert created.actor is None  # saved by the platform (a command, a test)
    assert (deleted.actor, deleted.target_id) == (staff_user, str(connection.pk))
    assert deleted.before["config"]["usercode"] == "8501234567"
    assert deleted.after == {"deleted": True}
