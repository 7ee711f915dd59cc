"""Interest-gating pages through the test client: the detail page's two forms, the history with
"Geri al", the seller's list of interested buyers and "Telefonumu paylaş". No JavaScript."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from interests.models import Interest, InterestType
from interests.services import interest_express, seller_phone_approve
from marketplace.models import User
from marketplace.tests.factories import UserFactory
from messaging.models import Conversation
from messaging.selectors import conversation_path as conversation_url
from parts.models import Part, PartStatus
from parts.services import part_status_change
from parts.tests.factories import make_part
from parts.tests.pages import attribute, document, flashes, one, select, text

pytestmark = pytest.mark.django_db

RESULTS = "/parcalar/"
HISTORY = "/hesabim/ilgilerim/"


@pytest.fixture
def seller(db: None) -> User:
    return UserFactory.create(phone="+905321112233", phone_verified_at=timezone.now())


@pytest.fixture
def part(seller: User) -> Part:
    return make_part(seller=seller)


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def buyer_client(user: User) -> Client:
    return logged_in(user)


def detail(client: Client, part: Part) -> Any:
    return client.get(f"/parca/{part.slug}/")


def answer(client: Client, part: Part, answer: str) -> Any:
    return client.post(f"/parca/{part.id}/ilgi/", {"type": answer})


def answered(client: Client, part: Part, type: str) -> None:
    """Answers and reads the page it lands on, so its message is not left for the next page."""
    response = answer(client, part, type)
    assert response.status_code == 302
    client.get(response["Location"])


def result_titles(client: Client) -> list[str]:
    return [
        text(one(card, "h3", "part-card-title"))
        for card in select(document(client.get(RESULTS)), "article", "part-card")
    ]


# --- Detail page -----------------------------------------------------------------------------
def test_visitor_sees_a_login_link_instead_of_the_buttons(client: Client, part: Part) -> None:
    page = document(detail(client, part))
    section = one(page, "section", "interest-actions")
    link = one(section, "a", "button")
    assert text(link) == "Satıcıyla iletişime geçmek için giriş yapın"
    assert attribute(link, "href") == f"{reverse('account_login')}?next=/parca/{part.slug}/"
    assert select(section, "form") == []


def test_buyer_sees_two_post_forms_that_work_without_javascript(
    buyer_client: Client, part: Part
) -> None:
    section = one(document(detail(buyer_client, part)), "section", "interest-actions")
    forms = select(section, "form")
    assert [attribute(form, "method") for form in forms] == ["post", "post"]
    assert {attribute(form, "action") for form in forms} == {f"/parca/{part.id}/ilgi/"}
    buttons = [one(form, "button") for form in forms]
    assert [(attribute(b, "name"), attribute(b, "value"), text(b)) for b in buttons] == [
        ("type", "interested", "İlgileniyorum"),
        ("type", "not_interested", "İlgilenmiyorum"),
    ]
    for form in forms:
        assert select(form, "input", name="csrfmiddlewaretoken")


def test_interested_lands_on_the_conversation(buyer_client: Client, user: User, part: Part) -> None:
    response = answer(buyer_client, part, "interested")
    conversation = Conversation.objects.get(part=part, buyer=user)
    assertRedirects(response, conversation_url(conversation.pk), fetch_redirect_response=False)
    follow = buyer_client.get(response["Location"])
    assert "İlginiz kaydedildi! Satıcı ile sohbet başlatabilirsiniz." in flashes(follow)
    assert Interest.objects.get(user=user, part=part).type == InterestType.INTERESTED


def test_answered_detail_shows_the_state_and_the_conversation_link(
    buyer_client: Client, user: User, part: Part
) -> None:
    answer(buyer_client, part, "interested")
    section = one(document(detail(buyer_client, part)), "section", "interest-actions")
    assert select(section, "form") == []
    assert "Bu parçayla ilgileniyorsunuz" in text(section)
    link = one(section, "a", "button")
    assert text(link) == "Sohbete git"
    conversation = Conversation.objects.get(part=part, buyer=user)
    assert attribute(link, "href") == conversation_url(conversation.pk)


def test_not_interested_goes_back_to_results_and_hides_the_part_for_that_user_only(
    buyer_client: Client, part: Part, client: Client, other_user: User
) -> None:
    response = answer(buyer_client, part, "not_interested")
    assertRedirects(response, RESULTS, fetch_redirect_response=False)
    follow = buyer_client.get(RESULTS)
    assert flashes(follow) == ["Bu parça bir daha gösterilmeyecek."]
    assert result_titles(buyer_client) == []
    assert result_titles(client) == [part.title]
    assert result_titles(logged_in(other_user)) == [part.title]
    assert not Conversation.objects.exists()
    # The detail page itself still opens (a direct link) and says what the user answered.
    section = one(document(detail(buyer_client, part)), "section", "interest-actions")
    assert "Bu parçayla ilgilenmiyorsunuz" in text(section)


def test_second_answer_shows_interest_exists(buyer_client: Client, user: User, part: Part) -> None:
    answered(buyer_client, part, "interested")
    response = answer(buyer_client, part, "not_interested")
    conversation = Conversation.objects.get(part=part, buyer=user)
    assertRedirects(response, conversation_url(conversation.pk), fetch_redirect_response=False)
    assert flashes(buyer_client.get(response["Location"])) == [
        "Bu parça için zaten ilgi bildirdiniz"
    ]
    assert Interest.objects.get().type == InterestType.INTERESTED


def test_seller_gets_no_buttons_and_cannot_answer_own_part(seller: User, part: Part) -> None:
    client = logged_in(seller)
    section = one(document(detail(client, part)), "section", "interest-actions")
    assert select(section, "form") == []
    assert attribute(one(section, "a", "button"), "href") == (
        f"/hesabim/ilanlarim/{part.id}/ilgilenenler/"
    )
    response = answer(client, part, "interested")
    assertRedirects(response, f"/parca/{part.slug}/", fetch_redirect_response=False)
    assert flashes(client.get(response["Location"])) == ["Kendi parçanıza ilgi bildiremezsiniz"]
    assert not Interest.objects.exists()


def test_invalid_answer_is_a_message_on_the_detail_page(buyer_client: Client, part: Part) -> None:
    response = answer(buyer_client, part, "belki")
    assertRedirects(response, f"/parca/{part.slug}/", fetch_redirect_response=False)
    assert flashes(buyer_client.get(response["Location"])) == ["Geçersiz form verisi"]


def test_inactive_or_unknown_part_is_404(buyer_client: Client, part: Part, seller: User) -> None:
    part_status_change(part=part, actor=seller, status=PartStatus.PAUSED)
    assert answer(buyer_client, part, "interested").status_code == 404
    assert (
        buyer_client.post(f"/parca/{uuid.uuid4()}/ilgi/", {"type": "interested"}).status_code == 404
    )
    assert not Interest.objects.exists()


def test_answering_needs_login(client: Client, part: Part) -> None:
    response = answer(client, part, "interested")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Interest.objects.exists()


# --- History ---------------------------------------------------------------------------------
def test_history_lists_answers_with_undo_for_not_interested_only(
    buyer_client: Client, user: User
) -> None:
    wanted = make_part(title="BMW E46 Far Camı")
    unwanted = make_part(title="Fiat Doblo Tampon")
    answer(buyer_client, wanted, "interested")
    answer(buyer_client, unwanted, "not_interested")
    page = document(buyer_client.get(HISTORY))
    rows = select(page, "li", "listing-row")
    assert [text(one(row, "strong")) for row in rows] == ["Fiat Doblo Tampon", "BMW E46 Far Camı"]
    hidden_row, wanted_row = rows
    undo = one(hidden_row, "form")
    marked = Interest.objects.get(part=unwanted)
    assert attribute(undo, "action") == f"/hesabim/ilgilerim/{marked.id}/geri-al/"
    assert text(one(undo, "button")) == "Geri al"
    assert select(wanted_row, "form") == []
    conversation = Conversation.objects.get(part=wanted, buyer=user)
    assert attribute(one(wanted_row, "a", "button"), "href") == conversation_url(conversation.pk)


def test_history_filters_by_type(buyer_client: Client) -> None:
    answer(buyer_client, make_part(title="BMW E46 Far Camı"), "interested")
    answer(buyer_client, make_part(title="Fiat Doblo Tampon"), "not_interested")
    page = document(buyer_client.get(HISTORY, {"type": "interested"}))
    assert [text(one(row, "strong")) for row in select(page, "li", "listing-row")] == [
        "BMW E46 Far Camı"
    ]


def test_empty_history_says_so(buyer_client: Client) -> None:
    assertContains(buyer_client.get(HISTORY), "Henüz hiçbir ilana yanıt vermediniz.")


def test_undo_shows_the_part_again(buyer_client: Client, part: Part) -> None:
    answered(buyer_client, part, "not_interested")
    interest = Interest.objects.get()
    response = buyer_client.post(f"/hesabim/ilgilerim/{interest.id}/geri-al/")
    assertRedirects(response, HISTORY, fetch_redirect_response=False)
    assert flashes(buyer_client.get(HISTORY)) == ["Bu parça size yeniden gösterilecek."]
    assert result_titles(buyer_client) == [part.title]


def test_undo_of_someone_elses_mark_is_404(
    buyer_client: Client, other_user: User, part: Part
) -> None:
    answer(logged_in(other_user), part, "not_interested")
    interest = Interest.objects.get()
    assert buyer_client.post(f"/hesabim/ilgilerim/{interest.id}/geri-al/").status_code == 404
    assert Interest.objects.exists()


def test_interested_answer_cannot_be_undone(buyer_client: Client, part: Part) -> None:
    answered(buyer_client, part, "interested")
    interest = Interest.objects.get()
    response = buyer_client.post(f"/hesabim/ilgilerim/{interest.id}/geri-al/")
    assertRedirects(response, HISTORY, fetch_redirect_response=False)
    assert flashes(buyer_client.get(HISTORY)) == ["Sohbet başlatmış bir ilgi geri alınamaz."]
    assert Interest.objects.exists()


# --- Seller: interested buyers and "Telefonumu paylaş" ---------------------------------------
def test_my_listings_link_to_interested_buyers(seller: User, part: Part) -> None:
    page = document(logged_in(seller).get("/hesabim/ilanlarim/"))
    links = [a for a in select(page, "a") if text(a) == "İlgilenenler"]
    assert [attribute(a, "href") for a in links] == [f"/hesabim/ilanlarim/{part.id}/ilgilenenler/"]


def test_seller_sees_interested_buyers_masked_and_shares_phone(seller: User, part: Part) -> None:
    buyer = UserFactory.create(email="ahmet.yilmaz@example.com", display_name="")
    result = interest_express(user=buyer, part=part, type="interested")
    interest_express(user=UserFactory.create(), part=part, type="not_interested")
    assert result.conversation is not None
    client = logged_in(seller)
    url = f"/hesabim/ilanlarim/{part.id}/ilgilenenler/"
    response = client.get(url)
    assertNotContains(response, "ahmet.yilmaz")
    [row] = select(document(response), "li", "listing-row")
    assert text(one(row, "strong")) == "a****@example.com"
    form = one(row, "form")
    assert attribute(form, "method") == "post"
    assert attribute(form, "action") == (
        f"/hesabim/ilgilenenler/{result.conversation.pk}/telefon-paylas/"
    )
    assert text(one(form, "button")) == "Telefonumu paylaş"

    shared = client.post(attribute(form, "action") or "")
    assertRedirects(shared, url, fetch_redirect_response=False)
    after = client.get(url)
    assert flashes(after) == ["Telefon numaranız artık bu alıcıya görünüyor."]
    [row] = select(document(after), "li", "listing-row")
    assert select(row, "form") == []
    assert "Telefon paylaşıldı" in text(row)
    result.conversation.refresh_from_db()
    assert result.conversation.seller_phone_shared_at is not None


def test_empty_interest_list(seller: User, part: Part) -> None:
    response = logged_in(seller).get(f"/hesabim/ilanlarim/{part.id}/ilgilenenler/")
    assertContains(response, "Bu ilana henüz kimse ilgi göstermedi.")


def test_only_the_seller_sees_the_list_and_shares_the_phone(
    buyer_client: Client, user: User, part: Part, staff_user: User
) -> None:
    result = interest_express(user=user, part=part, type="interested")
    assert result.conversation is not None
    for client in (buyer_client, logged_in(staff_user)):
        assert client.get(f"/hesabim/ilanlarim/{part.id}/ilgilenenler/").status_code == 404
        share = f"/hesabim/ilgilenenler/{result.conversation.pk}/telefon-paylas/"
        assert client.post(share).status_code == 404
    result.conversation.refresh_from_db()
    assert result.conversation.seller_phone_shared_at is None


def test_share_phone_without_a_verified_number_sends_the_seller_to_verify_it() -> None:
    seller = UserFactory.create()
    result = interest_express(
        user=UserFactory.create(), part=make_part(seller=seller), type="interested"
    )
    assert result.conversation is not None
    client = logged_in(seller)

    response = client.post(
        f"/hesabim/ilgilenenler/{result.conversation.pk}/telefon-paylas/",
        {"return_to": "conversation"},
        follow=True,
    )

    assert response.redirect_chain[0][0].startswith("/hesap/telefon/dogrula/")
    assertContains(response, "Önce telefon numaranızı doğrulayın")
    result.conversation.refresh_from_db()
    assert result.conversation.seller_phone_shared_at is None


def test_the_buyer_sees_the_shared_number_in_turkish_form_with_call_and_whatsapp_links(
    seller: User, part: Part
) -> None:
    buyer = UserFactory.create()
    result = interest_express(user=buyer, part=part, type="interested")
    assert result.conversation is not None
    seller_phone_approve(seller=seller, conversation_id=result.conversation.pk)

    response = logged_in(buyer).get(f"/mesajlar/{result.conversation.pk}/")

    assertContains(response, '<a href="tel:+905321112233">0532 111 22 33</a>', html=True)
    assertContains(response, 'href="https://wa.me/905321112233"')
