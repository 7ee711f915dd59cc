"""KVKK retention (issue 21): one daily job applies each documented period, and the KVKK page
lists the same periods. Time travels through `now=`."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from integrations.models import Notification, NotificationAttempt, NotificationStatus
from integrations.services import notification_enqueue
from marketplace.models import AccountDeletionLog, PhoneOtp, RefreshToken, User
from marketplace.retention import retention_apply, retention_rules
from marketplace.tasks import retention_apply_task
from marketplace.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def _otp(*, expires_at: datetime) -> PhoneOtp:
    return PhoneOtp.objects.create(
        phone="+905321234567",
        purpose="verify",
        code_hash="x",
        expires_at=expires_at,
        ip_address="85.105.1.2",
    )


def _token(user: User, *, expires_at: datetime, revoked_at: datetime | None = None) -> RefreshToken:
    return RefreshToken.objects.create(
        user=user, token_hash=uuid.uuid4().hex * 2, expires_at=expires_at, revoked_at=revoked_at
    )


def test_every_rule_is_registered_once_with_a_period() -> None:
    names = [rule.name for rule in retention_rules()]
    assert sorted(names) == sorted(
        ["account_deletion_logs", "phone_codes", "refresh_tokens", "notifications"]
    )
    assert all(rule.days() > 0 for rule in retention_rules())


def test_account_deletion_records_are_kept_ten_years() -> None:
    now = timezone.now()
    old = AccountDeletionLog.objects.create(user_id=uuid.uuid4(), deleted_at=now - 3651 * DAY)
    recent = AccountDeletionLog.objects.create(user_id=uuid.uuid4(), deleted_at=now - 3649 * DAY)

    assert retention_apply(now=now)["account_deletion_logs"] == 1

    assert list(AccountDeletionLog.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not AccountDeletionLog.objects.filter(pk=old.pk).exists()


def test_expired_phone_codes_go_thirty_days_after_expiry() -> None:
    now = timezone.now()
    stale = _otp(expires_at=now - 31 * DAY)
    recent = _otp(expires_at=now - 29 * DAY)
    live = _otp(expires_at=now + timedelta(minutes=5))

    assert retention_apply(now=now)["phone_codes"] == 1

    assert set(PhoneOtp.objects.values_list("pk", flat=True)) == {recent.pk, live.pk}
    assert not PhoneOtp.objects.filter(pk=stale.pk).exists()
    # Forty days later the other two are past the period too.
    assert retention_apply(now=now + 40 * DAY)["phone_codes"] == 2


def test_ended_sessions_go_thirty_days_after_they_ended(user: User) -> None:
    now = timezone.now()
    expired = _token(user, expires_at=now - 31 * DAY)
    revoked = _token(user, expires_at=now + 20 * DAY, revoked_at=now - 31 * DAY)
    spent_recently = _token(user, expires_at=now - 2 * DAY)
    valid = _token(user, expires_at=now + 20 * DAY)

    assert retention_apply(now=now)["refresh_tokens"] == 2

    kept = set(RefreshToken.objects.values_list("pk", flat=True))
    assert kept == {spent_recently.pk, valid.pk}
    assert not {expired.pk, revoked.pk} & kept


def _notification(user: User, *, status: str, age: timedelta) -> Notification:
    notification = notification_enqueue(
        user=user,
        event="interest_approved",
        dedupe_key=f"test:{uuid.uuid4()}",
        context={"seller_name": "Ayşe", "seller_phone": "+905321234567"},
        relay=False,
    )
    Notification.objects.filter(pk=notification.pk).update(
        status=status, created_at=timezone.now() - age
    )
    return notification


def test_finished_notifications_go_after_180_days_with_their_attempts(user: User) -> None:
    old_sent = _notification(user, status=NotificationStatus.SENT, age=181 * DAY)
    NotificationAttempt.objects.create(
        notification=old_sent, channel="sms", provider="netgsm", status="sent"
    )
    old_failed = _notification(user, status=NotificationStatus.FAILED, age=200 * DAY)
    old_pending = _notification(user, status=NotificationStatus.PENDING, age=200 * DAY)
    recent = _notification(user, status=NotificationStatus.SENT, age=179 * DAY)

    assert retention_apply()["notifications"] == 2

    kept = set(Notification.objects.values_list("pk", flat=True))
    assert kept == {old_pending.pk, recent.pk}  # one still waiting is never removed
    assert not NotificationAttempt.objects.filter(notification_id=old_sent.pk).exists()
    assert old_failed.pk not in kept


def test_periods_are_settings(settings: object, user: User) -> None:
    settings.KVKK_RETENTION_NOTIFICATION_DAYS = 7  # type: ignore[attr-defined]
    _notification(user, status=NotificationStatus.SENT, age=8 * DAY)
    assert retention_apply()["notifications"] == 1


def test_the_daily_task_applies_the_rules() -> None:
    _otp(expires_at=timezone.now() - 60 * DAY)
    assert retention_apply_task()["phone_codes"] == 1
    assert retention_apply_task()["phone_codes"] == 0  # idempotent


def test_the_kvkk_page_documents_the_periods_the_job_applies(client: Client) -> None:
    html = client.get("/kvkk/").content.decode()
    assert "Verilerinizi ne kadar saklıyoruz" in html
    assert "3650 gün" in html  # account deletion records
    assert "SMS doğrulama kodları" in html
    assert "180 gün" in html  # notifications
    assert html.count("<li>", html.index('class="retention-periods"')) >= len(retention_rules())


def test_a_deleted_user_is_not_resurrected_by_retention() -> None:
    gone = UserFactory.create()
    from marketplace.services.privacy import account_delete

    log = account_delete(user=gone)
    retention_apply(now=timezone.now() + 3651 * DAY)
    assert not AccountDeletionLog.objects.filter(pk=log.pk).exists()
    gone.refresh_from_db()
    assert gone.deleted_at is not None  # the anonymised row itself stays (messages refer to it)
