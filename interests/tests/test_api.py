"""The interests API (seed 002, "Interest Management API") through the real HTTP stack, every
response checked against the OpenAPI schema."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.utils import timezone

from conftest import bearer_client
from interests.models import Interest
from interests.signals import interest_expressed, seller_phone_shared
from marketplace.models import User
from marketplace.tests.factories import UserFactory
from messaging.models import Conversation
from parts.models import Part, PartStatus
from parts.services import part_delete, part_status_change
from parts.tests.factories import make_part

pytestmark = pytest.mark.django_db

INTERESTED_MESSAGE = "İlginiz kaydedildi! Satıcı ile sohbet başlatabilirsiniz."
NOT_INTERESTED_MESSAGE = "Bu parça bir daha gösterilmeyecek."


@pytest.fixture
def seller(db: None) -> User:
    return UserFactory.create(phone="+905321234567", phone_verified_at=timezone.now())


@pytest.fixture
def part(seller: User) -> Part:
    return make_part(seller=seller)


def express(client: Any, part_id: object, answer: object = "interested") -> Any:
    return client.post(f"/api/parts/{part_id}/interest", {"type": answer}, format="json")


def error_of(response: Any) -> dict[str, Any]:
    body = response.json()
    assert body["success"] is False
    error: dict[str, Any] = body["error"]
    return error


# --- POST /api/parts/{id}/interest ------------------------------------------------------------
def test_interested_creates_interest_and_conversation(user_api_client, user, part) -> None:
    response = express(user_api_client, part.id)
    assert response.status_code == 201
    body = response.json()
    assert body["success"] is True
    assert body["message"] == INTERESTED_MESSAGE
    interest = Interest.objects.get(user=user, part=part)
    conversation = Conversation.objects.get(part=part, buyer=user)
    assert conversation.seller_id == part.seller_id
    assert body["data"]["interest"] == {
        "id": str(interest.id),
        "type": "interested",
        "conversation_id": str(conversation.id),
    }


def test_not_interested_has_no_conversation(user_api_client, user, part) -> None:
    response = express(user_api_client, part.id, "not_interested")
    assert response.status_code == 201
    body = response.json()
    assert body["message"] == NOT_INTERESTED_MESSAGE
    assert body["data"]["interest"]["type"] == "not_interested"
    assert "conversation_id" not in body["data"]["interest"]
    assert not Conversation.objects.exists()


def test_interest_in_own_part_is_refused(part, seller) -> None:
    response = express(bearer_client(seller), part.id)
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "OWN_PART_INTEREST"
    assert error["message"] == "Kendi parçanıza ilgi bildiremezsiniz"
    assert not Interest.objects.exists()


def test_second_answer_is_interest_exists_with_type_and_conversation(
    user_api_client, user, part
) -> None:
    first = express(user_api_client, part.id).json()["data"]["interest"]
    for answer in ("interested", "not_interested"):
        response = express(user_api_client, part.id, answer)
        assert response.status_code == 409
        error = error_of(response)
        assert error["code"] == "INTEREST_EXISTS"
        assert error["message"] == "Bu parça için zaten ilgi bildirdiniz"
        assert error["details"] == {
            "existing_type": "interested",
            "conversation_id": first["conversation_id"],
        }
    assert Interest.objects.count() == 1
    assert Conversation.objects.count() == 1


def test_interest_exists_after_not_interested_has_no_conversation_id(user_api_client, part) -> None:
    express(user_api_client, part.id, "not_interested")
    response = express(user_api_client, part.id, "interested")
    assert response.status_code == 409
    assert error_of(response)["details"] == {"existing_type": "not_interested"}
    assert not Conversation.objects.exists()


@pytest.mark.parametrize("status", [PartStatus.PAUSED, PartStatus.SOLD])
def test_inactive_part_is_part_not_found(user_api_client, part, seller, status) -> None:
    part_status_change(part=part, actor=seller, status=status)
    response = express(user_api_client, part.id)
    assert response.status_code == 404
    error = error_of(response)
    assert (error["code"], error["message"]) == ("PART_NOT_FOUND", "Parça bulunamadı")
    assert not Interest.objects.exists()


def test_deleted_unknown_or_malformed_part_is_part_not_found(user_api_client, part, seller) -> None:
    part_delete(part=part, actor=seller)
    for part_id in (part.id, uuid.uuid4(), "not-a-uuid"):
        response = express(user_api_client, part_id)
        assert response.status_code == 404
        assert error_of(response)["code"] == "PART_NOT_FOUND"


@pytest.mark.parametrize("body", [{"type": "maybe"}, {"type": ""}, {}, {"type": ["interested"]}])
def test_invalid_type_is_validation_error(user_api_client, part, body) -> None:
    response = user_api_client.post(f"/api/parts/{part.id}/interest", body, format="json")
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "VALIDATION_ERROR"
    assert error["message"] == "Geçersiz form verisi"
    assert error["details"] == {"type": ["interested ya da not_interested seçin."]}


def test_non_object_body_is_validation_error(user_api_client, part) -> None:
    response = user_api_client.post(f"/api/parts/{part.id}/interest", ["x"], format="json")
    assert response.status_code == 400
    assert error_of(response)["code"] == "VALIDATION_ERROR"


def test_expressing_interest_needs_login(api_client, part) -> None:
    response = express(api_client, part.id)
    assert response.status_code == 401
    assert error_of(response)["code"] == "UNAUTHORIZED"


def test_interest_expression_is_rate_limited(user_api_client, settings) -> None:
    settings.API_RATE_LIMITS = {**settings.API_RATE_LIMITS, "interest": (2, 60)}
    parts = [make_part() for _ in range(3)]
    assert express(user_api_client, parts[0].id).status_code == 201
    assert express(user_api_client, parts[1].id).status_code == 201
    response = express(user_api_client, parts[2].id)
    assert response.status_code == 429
    error = error_of(response)
    assert error["code"] == "RATE_LIMITED"
    assert error["message"] == "İlgi bildirme limiti aşıldı"


def test_interested_signal_goes_out_after_commit(
    user_api_client, user, part, django_capture_on_commit_callbacks
) -> None:
    received: list[dict[str, Any]] = []

    def receiver(**kwargs: Any) -> None:
        received.append(kwargs)

    interest_expressed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            express(user_api_client, part.id)
            express(user_api_client, make_part().id, "not_interested")
    finally:
        interest_expressed.disconnect(receiver)
    assert len(received) == 1
    assert received[0]["interest"] == Interest.objects.get(part=part)
    assert received[0]["conversation"] == Conversation.objects.get(part=part, buyer=user)


def test_refused_interest_sends_no_signal(part, seller, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        express(bearer_client(seller), part.id)
    assert callbacks == []


# --- Hiding from search ----------------------------------------------------------------------
def test_not_interested_hides_part_from_api_search_for_that_user_only(
    user_api_client, part, other_user_api_client, api_client
) -> None:
    def ids(client: Any) -> list[str]:
        return [found["id"] for found in client.get("/api/parts").json()["data"]["parts"]]

    interest_id = express(user_api_client, part.id, "not_interested").json()["data"]["interest"][
        "id"
    ]
    assert ids(user_api_client) == []
    assert ids(other_user_api_client) == [str(part.id)]
    assert ids(api_client) == [str(part.id)]
    assert user_api_client.delete(f"/api/interests/{interest_id}").status_code == 200
    assert ids(user_api_client) == [str(part.id)]


def test_detail_reports_the_answer(user_api_client, part) -> None:
    express(user_api_client, part.id)
    data = user_api_client.get(f"/api/parts/{part.id}").json()["data"]
    assert data["user_already_interested"] == "interested"
    assert data["user_can_express_interest"] is False


# --- GET /api/interests ----------------------------------------------------------------------
def test_history_lists_answers_newest_first_with_part_and_conversation(
    user_api_client, user
) -> None:
    wanted, unwanted = make_part(title="BMW E46 Far Camı"), make_part(title="Fiat Doblo Tampon")
    conversation_id = express(user_api_client, wanted.id).json()["data"]["interest"][
        "conversation_id"
    ]
    express(user_api_client, unwanted.id, "not_interested")
    response = user_api_client.get("/api/interests")
    assert response.status_code == 200
    data = response.json()["data"]
    assert [(item["type"], item["part"]["title"]) for item in data["interests"]] == [
        ("not_interested", "Fiat Doblo Tampon"),
        ("interested", "BMW E46 Far Camı"),
    ]
    assert data["interests"][1]["conversation_id"] == conversation_id
    assert "conversation_id" not in data["interests"][0]
    assert data["pagination"] == {
        "total": 2,
        "limit": 20,
        "offset": 0,
        "has_more": False,
        "total_is_exact": True,
    }


def test_history_filters_by_type_and_paginates(user_api_client) -> None:
    for _ in range(3):
        express(user_api_client, make_part().id, "not_interested")
    express(user_api_client, make_part().id, "interested")
    data = user_api_client.get("/api/interests", {"type": "not_interested", "limit": 2}).json()[
        "data"
    ]
    assert [item["type"] for item in data["interests"]] == ["not_interested"] * 2
    assert data["pagination"]["total"] == 3
    assert data["pagination"]["has_more"] is True
    rest = user_api_client.get(
        "/api/interests", {"type": "not_interested", "limit": 2, "offset": 2}
    ).json()["data"]
    assert len(rest["interests"]) == 1
    assert rest["pagination"]["has_more"] is False


def test_history_shows_only_own_answers(user_api_client, other_user_api_client) -> None:
    express(other_user_api_client, make_part().id)
    assert user_api_client.get("/api/interests").json()["data"]["interests"] == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"type": "maybe"}, "type"),
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"limit": "abc"}, "limit"),
        ({"offset": "-1"}, "offset"),
    ],
)
def test_history_rejects_bad_parameters(user_api_client, params, field) -> None:
    response = user_api_client.get("/api/interests", params)
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "VALIDATION_ERROR"
    assert list(error["details"]) == [field]


def test_history_needs_login(api_client) -> None:
    assert api_client.get("/api/interests").status_code == 401


# --- DELETE /api/interests/{id} --------------------------------------------------------------
def test_withdrawing_a_not_interested_mark(user_api_client, part) -> None:
    interest_id = express(user_api_client, part.id, "not_interested").json()["data"]["interest"][
        "id"
    ]
    response = user_api_client.delete(f"/api/interests/{interest_id}")
    assert response.status_code == 200
    assert response.json()["message"] == "Bu parça size yeniden gösterilecek."
    assert response.json()["data"] == {"id": interest_id}
    assert not Interest.objects.exists()
    # Withdrawn, the part can be answered again.
    assert express(user_api_client, part.id).status_code == 201


def test_interested_answer_cannot_be_withdrawn(user_api_client, part) -> None:
    interest_id = express(user_api_client, part.id).json()["data"]["interest"]["id"]
    response = user_api_client.delete(f"/api/interests/{interest_id}")
    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "CONFLICT"
    assert error["message"] == "Sohbet başlatmış bir ilgi geri alınamaz."
    assert Interest.objects.count() == 1


def test_someone_elses_or_unknown_mark_is_not_found(
    user_api_client, other_user_api_client, part
) -> None:
    interest_id = express(other_user_api_client, part.id, "not_interested").json()["data"][
        "interest"
    ]["id"]
    for target in (interest_id, str(uuid.uuid4()), "abc"):
        response = user_api_client.delete(f"/api/interests/{target}")
        assert response.status_code == 404
        assert error_of(response)["code"] == "NOT_FOUND"
    assert Interest.objects.count() == 1


# --- GET /api/parts/{id}/interests (seller) --------------------------------------------------
def test_seller_sees_interested_buyers_masked(part, seller) -> None:
    buyer = UserFactory.create(email="ahmet.yilmaz@example.com", display_name="")
    conversation_id = express(bearer_client(buyer), part.id).json()["data"]["interest"][
        "conversation_id"
    ]
    express(bearer_client(UserFactory.create()), part.id, "not_interested")
    response = bearer_client(seller).get(f"/api/parts/{part.id}/interests")
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["part_id"] == str(part.id)
    [item] = data["interests"]
    assert item["buyer"] == {
        "id": str(buyer.id),
        "name": "a****@example.com",
        "email": "a****@example.com",
    }
    assert item["conversation_id"] == conversation_id
    assert item["seller_phone_shared"] is False
    assert "ahmet.yilmaz" not in response.content.decode()


def test_only_the_seller_sees_the_interested_buyers(
    part, user_api_client, staff_api_client
) -> None:
    express(user_api_client, part.id)
    for client in (user_api_client, staff_api_client):
        response = client.get(f"/api/parts/{part.id}/interests")
        assert response.status_code == 403
        assert error_of(response)["code"] == "FORBIDDEN"
    response = user_api_client.get(f"/api/parts/{uuid.uuid4()}/interests")
    assert response.status_code == 404
    assert error_of(response)["code"] == "PART_NOT_FOUND"


# --- POST /api/conversations/{id}/share-phone -------------------------------------------------
def test_seller_shares_phone_once_and_the_buyer_is_notified_after_commit(
    part, seller, user_api_client, django_capture_on_commit_callbacks
) -> None:
    conversation_id = express(user_api_client, part.id).json()["data"]["interest"][
        "conversation_id"
    ]
    received: list[dict[str, Any]] = []

    def receiver(**kwargs: Any) -> None:
        received.append(kwargs)

    seller_phone_shared.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            first = bearer_client(seller).post(f"/api/conversations/{conversation_id}/share-phone")
            again = bearer_client(seller).post(f"/api/conversations/{conversation_id}/share-phone")
    finally:
        seller_phone_shared.disconnect(receiver)
    assert first.status_code == again.status_code == 200
    assert first.json()["message"] == "Telefon numaranız artık bu alıcıya görünüyor."
    assert first.json()["data"]["conversation_id"] == conversation_id
    assert (
        first.json()["data"]["seller_phone_shared_at"]
        == again.json()["data"]["seller_phone_shared_at"]
    )
    assert len(received) == 1
    assert received[0]["conversation"].pk == uuid.UUID(conversation_id)
    assert received[0]["seller"] == seller
    listing = bearer_client(seller).get(f"/api/parts/{part.id}/interests").json()["data"]
    assert listing["interests"][0]["seller_phone_shared"] is True


def test_only_the_seller_can_share_the_phone(part, user_api_client, staff_api_client) -> None:
    conversation_id = express(user_api_client, part.id).json()["data"]["interest"][
        "conversation_id"
    ]
    for client, target in (
        (user_api_client, conversation_id),  # the buyer
        (staff_api_client, conversation_id),  # a stranger
        (user_api_client, str(uuid.uuid4())),
        (user_api_client, "abc"),
    ):
        response = client.post(f"/api/conversations/{target}/share-phone")
        assert response.status_code == 404
        error = error_of(response)
        assert (error["code"], error["message"]) == ("CONVERSATION_NOT_FOUND", "Sohbet bulunamadı")
    assert Conversation.objects.get().seller_phone_shared_at is None


def test_sharing_an_unverified_phone_is_refused_with_a_clear_message(user_api_client) -> None:
    seller = UserFactory.create(phone="+905321112233")  # typed on the profile, never verified
    part = make_part(seller=seller)
    conversation_id = express(user_api_client, part.id).json()["data"]["interest"][
        "conversation_id"
    ]

    response = bearer_client(seller).post(f"/api/conversations/{conversation_id}/share-phone")

    assert response.status_code == 409
    assert error_of(response)["code"] == "PHONE_NOT_VERIFIED"
    assert error_of(response)["message"] == (
        "Önce telefon numaranızı doğrulayın: alıcılarla yalnızca doğrulanmış bir numara "
        "paylaşılabilir."
    )
    assert Conversation.objects.get(pk=conversation_id).seller_phone_shared_at is None
