"""The interest rules in the service layer: stale objects, concurrency on PostgreSQL, the texts
the notifications will use."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import close_old_connections, connection

from conftest import bearer_client, requires_postgres
from interests.models import Interest, InterestType
from interests.selectors import approval_notification_text
from interests.services import interest_express
from marketplace.errors import DomainError, ErrorCode
from marketplace.models import User
from marketplace.tests.factories import UserFactory
from messaging.models import Conversation
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
    assert error.code == ErrorCode.PART_NOT_FOUND
    assert not Interest.objects.exists()


@pytest.mark.django_db
def test_the_result_carries_the_seed_message(user: User) -> None:
    result = interest_express(user=user, part=make_part(), type=InterestType.INTERESTED)
    assert str(result.message) == "İlginiz kaydedildi! Satıcı ile sohbet başlatabilirsiniz."
    assert result.conversation is not None
    hidden = interest_express(user=user, part_id=str(make_part().pk), type="not_interested")
    assert str(hidden.message) == "Bu parça bir daha gösterilmeyecek."
    assert hidden.conversation is None


@pytest.mark.django_db
def test_approval_notification_text_is_the_seeds_template(user: User) -> None:
    seller = UserFactory.create(display_name="Oto Çıkma Ahmet", phone="+905321234567")
    result = interest_express(user=user, part=make_part(seller=seller), type="interested")
    assert result.conversation is not None
    assert approval_notification_text(conversation=result.conversation) == (
        "İlginiz onaylandı! Oto Çıkma Ahmet ile iletişim kurabilirsiniz: +905321234567"
    )


# --- Concurrency (the unique constraint under real concurrent transactions) --------------------
def _in_threads(count: int, work: Callable[[int], Any]) -> list[Any]:
    barrier = threading.Barrier(count)
    results: list[Any] = []
    lock = threading.Lock()

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            outcome = work(index)
            with lock:
                results.append(outcome)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


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
    results = _in_threads(4, lambda _index: _post_interest(buyer, part.id, "interested"))
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
    results = _in_threads(4, lambda index: _post_interest(buyer, part.id, answers[index]))
    assert sorted(status for status, _body in results) == [201, 409, 409, 409]
    interest = Interest.objects.get()
    expected_conversations = 1 if interest.type == InterestType.INTERESTED else 0
    assert Conversation.objects.count() == expected_conversations
    for status, body in results:
        if status == 409:
            assert body["error"]["details"]["existing_type"] == interest.type
