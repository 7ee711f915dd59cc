"""The chat rules in the service layer: who may write, unread counters, closing, blocking, fraud."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import DatabaseError
from django.utils import timezone

from conftest import in_threads, requires_postgres
from marketplace.errors import DomainError, ErrorCode
from marketplace.models import User
from marketplace.tests.factories import UserFactory
from messaging import services
from messaging.error_codes import MessagingErrorCode
from messaging.models import Conversation, ConversationStatus, Message, Report
from messaging.services import messages as message_services
from parts.tests.factories import make_part

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(user: User, other_user: User) -> Conversation:
    part = make_part(seller=other_user)
    return services.conversation_open(part=part, buyer=user)


def test_opening_twice_gives_the_same_conversation(conversation: Conversation, user: User) -> None:
    again = services.conversation_open(part=conversation.part, buyer=user)
    assert again.pk == conversation.pk
    assert Conversation.objects.count() == 1


def test_unread_counts_follow_sends_and_reads(
    conversation: Conversation, user: User, other_user: User
) -> None:
    services.message_send(
        conversation_id=conversation.pk, sender=user, content="Merhaba, parça duruyor mu?"
    )
    services.message_send(conversation_id=conversation.pk, sender=user, content="Kargo var mı?")
    services.message_send(
        conversation_id=conversation.pk, sender=other_user, content="Evet, duruyor."
    )
    conversation.refresh_from_db()
    assert (conversation.seller_unread_count, conversation.buyer_unread_count) == (2, 1)

    read = services.conversation_mark_read(conversation=conversation, reader=other_user)
    assert [message.content for message in read] == ["Merhaba, parça duruyor mu?", "Kargo var mı?"]
    assert all(message.read_at for message in read)
    assert services.conversation_mark_read(conversation=conversation, reader=other_user) == []
    conversation.refresh_from_db()
    assert (conversation.seller_unread_count, conversation.buyer_unread_count) == (0, 1)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("", ErrorCode.VALIDATION_ERROR),
        ("   \n ", ErrorCode.VALIDATION_ERROR),
        (None, ErrorCode.VALIDATION_ERROR),
        ("a" * 2001, MessagingErrorCode.MESSAGE_TOO_LONG),
    ],
)
def test_bad_content_is_refused(
    conversation: Conversation, user: User, content: object, code: ErrorCode
) -> None:
    with pytest.raises(DomainError) as raised:
        services.message_send(conversation_id=conversation.pk, sender=user, content=content)
    assert raised.value.code == code


def test_content_is_stored_as_typed(conversation: Conversation, user: User) -> None:
    text = "<script>alert(1)</script> https://ornek.com " + "ş" * 1950
    message = services.message_send(conversation_id=conversation.pk, sender=user, content=text)
    message.refresh_from_db()
    assert message.content == text


def test_strangers_cannot_write_or_read(conversation: Conversation) -> None:
    stranger = UserFactory.create()
    for action in (
        lambda: services.message_send(
            conversation_id=conversation.pk, sender=stranger, content="selam"
        ),
        lambda: services.conversation_mark_read(conversation=conversation, reader=stranger),
        lambda: services.conversation_get_for_participant(
            conversation_id=conversation.pk, user=stranger
        ),
    ):
        with pytest.raises(DomainError) as raised:
            action()
        assert raised.value.code == MessagingErrorCode.CONVERSATION_NOT_FOUND
    _assert_nothing_stored(conversation)


@pytest.mark.parametrize(
    "conversation_id", ["yok", "", None, 42, "00000000-0000-0000-0000-00000000"]
)
def test_a_malformed_conversation_id_is_not_found(user: User, conversation_id: object) -> None:
    with pytest.raises(DomainError) as raised:
        services.message_send(
            conversation_id=conversation_id,  # type: ignore[arg-type]
            sender=user,
            content="Merhaba",
        )
    assert raised.value.code == MessagingErrorCode.CONVERSATION_NOT_FOUND


def _assert_nothing_stored(conversation: Conversation) -> None:
    """A refused message leaves no row, no unread count and no new last_message_at."""
    assert not Message.objects.filter(conversation=conversation).exists()
    last_message_at = conversation.last_message_at
    conversation.refresh_from_db()
    assert (conversation.buyer_unread_count, conversation.seller_unread_count) == (0, 0)
    assert conversation.last_message_at == last_message_at


def test_closed_conversation_takes_no_messages(conversation: Conversation, user: User) -> None:
    services.conversation_close(conversation=conversation, actor=user)
    assert conversation.status == ConversationStatus.CLOSED
    with pytest.raises(DomainError) as raised:
        services.message_send(
            conversation_id=conversation.pk, sender=user, content="Hâlâ orada mısınız?"
        )
    assert raised.value.code == MessagingErrorCode.CONVERSATION_CLOSED
    _assert_nothing_stored(conversation)


def test_block_stops_messages_both_ways(
    conversation: Conversation, user: User, other_user: User
) -> None:
    services.user_block(blocker=other_user, conversation=conversation)
    for sender in (user, other_user):
        with pytest.raises(DomainError) as raised:
            services.message_send(conversation_id=conversation.pk, sender=sender, content="Merhaba")
        assert raised.value.code == MessagingErrorCode.USER_BLOCKED
    _assert_nothing_stored(conversation)


def test_phone_before_approval_is_flagged_after_not(
    conversation: Conversation, user: User, other_user: User
) -> None:
    early = services.message_send(
        conversation_id=conversation.pk, sender=user, content="0532 123 45 67"
    )
    assert early.flagged_reason == "phone"
    services.seller_phone_share(conversation=conversation, seller=other_user)
    later = services.message_send(
        conversation_id=conversation.pk, sender=user, content="0532 123 45 67"
    )
    assert later.flagged_reason == ""


def test_money_and_link_signs_stay_flagged_after_the_phone_was_shared(
    conversation: Conversation, user: User, other_user: User
) -> None:
    """Sharing the phone makes calling and WhatsApp legitimate, not a deposit to an IBAN."""
    text = "Kaporayı TR33 0006 1005 1978 6457 8413 26 hesabına at, WhatsApp'tan yaz"
    early = services.message_send(conversation_id=conversation.pk, sender=other_user, content=text)
    assert early.flagged_reason == "iban,payment,off_platform"
    services.seller_phone_share(conversation=conversation, seller=other_user)
    later = services.message_send(
        conversation_id=conversation.pk, sender=other_user, content=text + " https://ode.example"
    )
    assert later.flagged_reason == "iban,payment,link"
    later.refresh_from_db()
    assert later.flagged_reason == "iban,payment,link"


def test_report_of_a_message_is_recorded_once(
    conversation: Conversation, user: User, other_user: User
) -> None:
    message = services.message_send(
        conversation_id=conversation.pk, sender=other_user, content="Kapora at"
    )
    first = services.report_create(
        reporter=user, conversation=conversation, reason="fraud", message_id=message.pk
    )
    second = services.report_create(
        reporter=user, conversation=conversation, reason="fraud", message_id=message.pk
    )
    assert first.pk == second.pk
    assert Report.objects.get().reported_user == other_user
    # One's own message cannot be reported.
    own = services.message_send(conversation_id=conversation.pk, sender=user, content="Tamam")
    with pytest.raises(DomainError):
        services.report_create(
            reporter=user, conversation=conversation, reason="spam", message_id=own.pk
        )


def test_first_unread_message_queues_one_delayed_notice_dropped_once_read(
    conversation: Conversation, user: User, other_user: User, settings: Any
) -> None:
    from integrations.models import Notification
    from integrations.services import notification_deliver

    settings.NOTIFICATION_QUIET_HOURS = (0, 0)
    services.message_send(conversation_id=conversation.pk, sender=user, content="Merhaba")
    services.message_send(conversation_id=conversation.pk, sender=user, content="Orada mısınız?")
    [notice] = Notification.objects.filter(user=other_user, event="new_message")
    assert notice.due_at > timezone.now() + timedelta(seconds=240)  # batched, held back
    assert notice.context["conversation_id"] == str(conversation.pk)

    services.conversation_mark_read(conversation=conversation, reader=other_user)
    Notification.objects.filter(pk=notice.pk).update(due_at=timezone.now())
    assert notification_deliver(notification_id=notice.pk) == "skipped"
    notice.refresh_from_db()
    assert notice.skip_reason == "read in time"

    # The next unread run queues a new notice; unread, it is sent with the count.
    services.message_send(
        conversation_id=conversation.pk, sender=user, content="Fiyatta pazarlık var mı?"
    )
    latest = Notification.objects.filter(user=other_user, event="new_message").latest("created_at")
    assert latest.pk != notice.pk
    Notification.objects.filter(pk=latest.pk).update(due_at=timezone.now())
    assert notification_deliver(notification_id=latest.pk) == "sent"


def test_a_notice_that_cannot_be_written_does_not_fail_the_stored_message(
    conversation: Conversation,
    user: User,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken_enqueue(**_kwargs: object) -> None:
        raise DatabaseError("notification table unavailable")

    monkeypatch.setattr(message_services, "notification_enqueue", broken_enqueue)
    message = services.message_send(conversation_id=conversation.pk, sender=user, content="Selam")
    assert Message.objects.get().pk == message.pk
    conversation.refresh_from_db()
    assert conversation.seller_unread_count == 1
    assert "new-message notice not queued" in caplog.text


@requires_postgres  # SQLite serialises writers: no real race to test
@pytest.mark.django_db(transaction=True)
def test_simultaneous_sends_are_all_counted_and_noticed_once() -> None:
    from integrations.models import Notification

    seller, buyer = UserFactory.create(), UserFactory.create()
    conversation = services.conversation_open(part=make_part(seller=seller), buyer=buyer)
    sent = in_threads(
        6,
        lambda index: (
            services.message_send(
                conversation_id=conversation.pk, sender=buyer, content=f"Mesaj {index}"
            ).pk
        ),
    )
    assert len(sent) == 6
    assert set(Message.objects.values_list("pk", flat=True)) == set(sent)
    conversation.refresh_from_db()
    assert (conversation.seller_unread_count, conversation.buyer_unread_count) == (6, 0)
    assert Notification.objects.filter(user=seller, event="new_message").count() == 1
