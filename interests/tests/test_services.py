"""The interest rules in the service layer: stale objects, concurrency on PostgreSQL, the texts
the notifications will use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from conftest import bearer_client, in_threads, requires_postgres
from integrations.models import Notification
from integrations.notifications.rendering import notification_render, template_get
from interests.models import Interest, InterestType
from interests.services import interest_express, seller_phone_approve
from marketplace.errors import DomainError
from marketplace.models import User
from marketplace.tests.factories import UserFactory
from messaging.error_codes import MessagingErrorCode
from messaging.models import Conversation
from messaging.selectors import conversation_path as conversation_url
from parts.error_codes import PartErrorCode
from parts.models import PartStatus
from parts.services import part_status_change
from parts.tests.factories import make_part


def _error(call: Callable[[], object]) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


@pytest.mark.django_db
def test_a_stale_part_object_is_checked_against_the_database(user: User) -> None:
    seller = UserFactory.create()
    part = make_part(seller=seller)
    stale = type(part).objects.get(pk=part.pk)
    part_status_change(part=part, actor=seller, status=PartStatus.SOLD)
    error = _error(lambda: interest_express(user=user, part=stale, type="interested"))
    assert error.code == PartErrorCode.PART_NOT_FOUND
    assert not Interest.objects.exists()


@pytest.mark.django_db
def test_the_result_carries_the_seed_message(user: User) -> None:
    result = interest_express(user=user, part=make_part(), type=InterestType.INTERESTED)
    assert str(result.message) == "İlginiz kaydedildi! Satıcı ile sohbet başlatabilirsiniz."
    assert result.conversation is not None
    hidden = interest_express(user=user, part_id=str(make_part().pk), type="not_interested")
    assert str(hidden.message) == "Bu parça bir daha gösterilmeyecek."
    assert hidden.conversation is None


def _rendered_sms(notification: Notification) -> str:
    template = template_get(event=notification.event, channel="sms")
    assert template is not None
    return notification_render(template=template, context=notification.context).text


@pytest.mark.django_db
def test_interested_puts_the_sellers_notification_in_the_outbox(user: User) -> None:
    seller = UserFactory.create(display_name="Oto Çıkma Ahmet")
    user.display_name = "Ayşe"
    user.save()
    part = make_part(seller=seller, title="BMW E46 Alternatör")
    result = interest_express(user=user, part=part, type="interested")
    assert result.conversation is not None
    [notification] = Notification.objects.all()
    assert notification.user == seller
    assert notification.event == "interest_received"
    assert notification.dedupe_key == f"interest_received:{result.interest.pk}"
    assert notification.context["conversation_url"] == settings.SITE_URL + conversation_url(
        result.conversation.pk
    )
    assert _rendered_sms(notification).startswith(
        "Merhaba Oto Çıkma Ahmet, BMW E46 Alternatör parçanıza Ayşe ilgi gösterdi."
    )


@pytest.mark.django_db
def test_not_interested_and_refused_answers_notify_nobody(user: User) -> None:
    interest_express(user=user, part=make_part(), type="not_interested")
    own = make_part(seller=user)
    _error(lambda: interest_express(user=user, part=own, type="interested"))
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_phone_approval_puts_the_buyers_notification_in_the_outbox_once(user: User) -> None:
    seller = UserFactory.create(
        display_name="Oto Çıkma Ahmet", phone="+905321234567", phone_verified_at=timezone.now()
    )
    result = interest_express(user=user, part=make_part(seller=seller), type="interested")
    assert result.conversation is not None
    seller_phone_approve(seller=seller, conversation_id=result.conversation.pk)
    seller_phone_approve(seller=seller, conversation_id=result.conversation.pk)
    [notification] = Notification.objects.filter(event="interest_approved")
    assert notification.user == user
    assert notification.dedupe_key == f"interest_approved:{result.conversation.pk}"
    assert _rendered_sms(notification).startswith(
        "İlginiz onaylandı! Oto Çıkma Ahmet ile iletişim kurabilirsiniz: +905321234567"
    )


@pytest.mark.django_db
def test_buyer_cannot_approve_and_notifies_nobody(user: User) -> None:
    result = interest_express(user=user, part=make_part(), type="interested")
    assert result.conversation is not None
    error = _error(
        lambda: seller_phone_approve(seller=user, conversation_id=result.conversation.pk)  # type: ignore[union-attr]
    )
    assert error.code == MessagingErrorCode.CONVERSATION_NOT_FOUND
    assert not Notification.objects.filter(event="interest_approved").exists()


# --- Concurrency (the unique constraint under real concurrent transactions) --------------------
def _post_interest(buyer: User, part_id: object, answer: str) -> tuple[int, dict[str, Any]]:
    response = bearer_client(buyer).post(
        f"/api/parts/{part_id}/interest", {"type": answer}, format="json"
    )
    return response.status_code, response.json()


@requires_postgres  # SQLite serialises writers ("database is locked"): no real race to test
@pytest.mark.django_db(transaction=True)
def test_simultaneous_interested_clicks_give_one_interest_and_one_conversation() -> None:
    buyer = UserFactory.create()
    part = make_part()
    results = in_threads(4, lambda _index: _post_interest(buyer, part.id, "interested"))
    statuses = sorted(status for status, _body in results)
    assert statuses == [201, 409, 409, 409]
    assert Interest.objects.count() == 1
    conversation = Conversation.objects.get()
    [created] = [body for status, body in results if status == 201]
    assert created["data"]["interest"]["conversation_id"] == str(conversation.pk)
    for status, body in results:
        if status == 409:
            assert body["error"]["code"] == "INTEREST_EXISTS"
            assert body["error"]["details"] == {
                "existing_type": "interested",
                "conversation_id": str(conversation.pk),
            }


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_opposite_answers_keep_exactly_one() -> None:
    buyer = UserFactory.create()
    part = make_part()
    answers = ["interested", "not_interested"] * 2
    results = in_threads(4, lambda index: _post_interest(buyer, part.id, answers[index]))
    assert sorted(status for status, _body in results) == [201, 409, 409, 409]
    interest = Interest.objects.get()
    expected_conversations = 1 if interest.type == InterestType.INTERESTED else 0
    assert Conversation.objects.count() == expected_conversations
    for status, body in results:
        if status == 409:
            assert body["error"]["details"]["existing_type"] == interest.type


@pytest.mark.django_db
@pytest.mark.parametrize("blocker_role", ["seller", "buyer"])
def test_a_block_stops_new_conversations_on_every_listing_of_the_seller(
    user: User, blocker_role: str
) -> None:
    from messaging.services import user_block

    seller = UserFactory.create()
    first = interest_express(user=user, part=make_part(seller=seller), type="interested")
    assert first.conversation is not None
    user_block(
        blocker=seller if blocker_role == "seller" else user, conversation=first.conversation
    )
    other_listing = make_part(seller=seller, title="Aynı satıcının başka ilanı")
    notices_before = Notification.objects.count()

    error = _error(lambda: interest_express(user=user, part=other_listing, type="interested"))

    assert error.code == MessagingErrorCode.USER_BLOCKED
    assert not Interest.objects.filter(user=user, part=other_listing).exists()
    assert Conversation.objects.filter(buyer=user).count() == 1
    assert Notification.objects.count() == notices_before
    # "Not interested" still hides the listing from the blocked user's searches.
    interest_express(user=user, part=other_listing, type="not_interested")
