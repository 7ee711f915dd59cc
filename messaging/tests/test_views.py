"""The chat pages through the test client: inbox, conversation, the form without JavaScript,
escaping, close / block / report, the header badge, and what strangers get (404)."""

from __future__ import annotations

import re
import uuid

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from marketplace.models import User
from marketplace.services.privacy import account_delete
from marketplace.tests.factories import UserFactory
from messaging import services
from messaging.models import Conversation, ConversationStatus, Message, Report, UserBlock
from messaging.tests.conftest import minutes_ago, send_at
from parts.tests.factories import make_part

pytestmark = pytest.mark.django_db

INBOX = "/mesajlar/"


def page_url(conversation: Conversation) -> str:
    return f"/mesajlar/{conversation.pk}/"


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def message_items(html: str) -> list[str]:
    return re.findall(r'<li class="message [^"]+" data-message-id="([0-9a-f-]+)"', html)


# --- Inbox -----------------------------------------------------------------------------------
def test_inbox_lists_both_roles_with_unread_badges_newest_first(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    third = UserFactory.create(display_name="Ayşe Yılmaz")
    selling = services.conversation_open(
        part=make_part(seller=buyer, title="Passat B5 Sol Ayna"), buyer=third
    )
    send_at(conversation, seller, "Merhaba", at=minutes_ago(30))
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=minutes_ago(30))
    send_at(selling, third, "Ayna sağlam mı?")
    send_at(selling, third, "Kargo olur mu?")

    response = logged_in(buyer).get(INBOX)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Passat B5 Sol Ayna") < html.index(conversation.part.title)
    assertContains(response, "Ayşe Yılmaz")
    assertContains(response, seller.display_name)
    assertContains(response, "Satıcısınız")
    assertContains(response, "Alıcısınız")
    assertContains(response, "2 okunmamış")
    assertContains(response, "1 okunmamış")
    assertContains(response, f'href="{page_url(selling)}"')
    # The header badge: 3 unread in all.
    assertContains(response, '<span class="badge badge-unread" id="unread-message-count">3<')


def test_inbox_without_conversations_says_how_to_start_one(buyer: User) -> None:
    response = logged_in(buyer).get(INBOX)
    assertContains(response, "Henüz sohbetiniz yok")
    assertNotContains(response, 'id="unread-message-count"')


def test_pages_send_visitors_to_login(conversation: Conversation) -> None:
    for url in (INBOX, page_url(conversation)):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


# --- Conversation page -----------------------------------------------------------------------
def test_conversation_page_shows_history_and_marks_it_read(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    first = send_at(conversation, buyer, "Parça hâlâ satışta mı?", at=minutes_ago(5))
    second = send_at(conversation, seller, "Evet, satışta.", at=minutes_ago(4))

    response = logged_in(buyer).get(page_url(conversation))

    assert response.status_code == 200
    html = response.content.decode()
    assert message_items(html) == [str(first.pk), str(second.pk)]
    assertContains(
        response,
        f'<section id="chat" data-conversation-id="{conversation.pk}" data-user-id="{buyer.pk}" '
        f'data-messages-url="/api/conversations/{conversation.pk}/messages" '
        f'data-warning-label="Dikkat:">',
    )
    assertContains(response, '<ol id="chat-messages"')
    assertContains(response, f'class="message message-own" data-message-id="{first.pk}"')
    assertContains(response, f'class="message message-other" data-message-id="{second.pk}"')
    assertContains(response, '<p id="chat-typing" hidden>Yazıyor…</p>')
    # The seller has not read the buyer's message: the read mark is there but hidden.
    assertContains(response, '<span class="message-read" hidden>Okundu</span>')
    assert re.search(r'<script src="/static/js/chat\.[0-9a-f]+\.js" defer></script>', html)
    assertContains(response, '<textarea id="chat-content" name="content"')
    assertContains(response, ">Gönder</button>")
    second.refresh_from_db()
    assert second.read_at is not None
    conversation.refresh_from_db()
    assert conversation.buyer_unread_count == 0
    # The seller opens the page: now the buyer's message shows "Okundu" to the buyer.
    logged_in(seller).get(page_url(conversation))
    again = logged_in(buyer).get(page_url(conversation))
    assertContains(again, '<span class="message-read" >Okundu</span>')


def test_content_is_escaped_links_are_text_and_line_breaks_stay(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    send_at(
        conversation,
        seller,
        '<script>alert("x")</script>\nDetay: https://dolandirici.example/odeme <b>kalın</b>',
    )
    response = logged_in(buyer).get(page_url(conversation))
    html = response.content.decode()
    assert '<script>alert("x")</script>' not in html
    assertContains(response, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>Detay:")
    assertContains(response, "https://dolandirici.example/odeme &lt;b&gt;kalın&lt;/b&gt;")
    assert 'href="https://dolandirici.example' not in html


def test_form_sends_without_javascript_then_redirects_back(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    client = logged_in(buyer)
    response = client.post(page_url(conversation), {"content": "Son fiyat 700 olur mu?"})
    assertRedirects(response, page_url(conversation))
    message = Message.objects.get()
    assert (message.sender, message.content) == (buyer, "Son fiyat 700 olur mu?")
    assertContains(client.get(page_url(conversation)), "Son fiyat 700 olur mu?")
    conversation.refresh_from_db()
    assert conversation.seller_unread_count == 1
    assertContains(
        logged_in(seller).get(INBOX),
        '<span class="badge badge-unread" id="unread-message-count">1<',
    )


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("   ", "Bir mesaj yazın."),
        ("ü" * 2001, "Mesaj çok uzun (max 2000 karakter)"),
    ],
)
def test_form_errors_are_shown_in_turkish_keeping_the_text(
    conversation: Conversation, buyer: User, content: str, error: str
) -> None:
    response = logged_in(buyer).post(page_url(conversation), {"content": content})
    assert response.status_code == 400
    assertContains(
        response,
        f'<p class="field-error" id="chat-error" role="alert">{error}</p>',
        status_code=400,
    )
    assertContains(response, f">{content}</textarea>", status_code=400)
    assert not Message.objects.exists()


def test_closed_conversation_refuses_new_messages_on_the_page(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    client = logged_in(seller)
    response = client.post(f"{page_url(conversation)}kapat/")
    assertRedirects(response, page_url(conversation))
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.CLOSED
    page = logged_in(buyer).get(page_url(conversation))
    assertContains(page, "Bu sohbet kapatıldı")
    refused = logged_in(buyer).post(page_url(conversation), {"content": "Merhaba?"})
    assert refused.status_code == 409
    assertContains(refused, "Merhaba?</textarea>", status_code=409)


def test_block_unblock_and_report_from_the_page(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    client = logged_in(buyer)
    page = client.post(f"{page_url(conversation)}engelle/", follow=True)
    assertRedirects(page, page_url(conversation))
    assert UserBlock.objects.filter(blocker=buyer, blocked=seller).exists()
    assertContains(page, "Kullanıcı engellendi")
    assertContains(page, "Bu kullanıcıyla mesajlaşamazsınız")
    assertContains(page, "Engeli kaldır")
    assert logged_in(seller).post(page_url(conversation), {"content": "Neden?"}).status_code == 403

    assertRedirects(client.post(f"{page_url(conversation)}engeli-kaldir/"), page_url(conversation))
    assert not UserBlock.objects.exists()

    response = client.post(
        f"{page_url(conversation)}sikayet/", {"reason": "abuse", "note": "Küfür etti"}, follow=True
    )
    assertContains(response, "Teşekkürler. Ekibimiz şikayetinizi inceleyecek.")
    report = Report.objects.get()
    assert (report.reporter, report.reported_user, report.reason) == (buyer, seller, "abuse")
    bad = client.post(f"{page_url(conversation)}sikayet/", {"reason": ""}, follow=True)
    assertContains(bad, "Bir neden seçin.")


def test_buyer_sees_the_sellers_phone_only_after_it_was_shared(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    User.objects.filter(pk=seller.pk).update(phone="+905321234567")
    assertNotContains(logged_in(buyer).get(page_url(conversation)), "+905321234567")
    services.seller_phone_share(conversation=conversation, seller=seller)
    assertContains(logged_in(buyer).get(page_url(conversation)), 'href="tel:+905321234567"')
    assertContains(
        logged_in(seller).get(page_url(conversation)), "Telefon numaranızı bu alıcıyla paylaştınız."
    )


@pytest.mark.parametrize("who", ["stranger", "staff"])
def test_non_participants_get_404_for_every_page(conversation: Conversation, who: str) -> None:
    outsider = UserFactory.create(is_staff=who == "staff", is_superuser=who == "staff")
    client = logged_in(outsider)
    assert client.get(page_url(conversation)).status_code == 404
    assert client.get(f"/mesajlar/{uuid.uuid4()}/").status_code == 404
    assert client.post(page_url(conversation), {"content": "Selam"}).status_code == 404
    for action in ("kapat", "engelle", "engeli-kaldir", "sikayet"):
        assert (
            client.post(f"{page_url(conversation)}{action}/", {"reason": "spam"}).status_code == 404
        )
    assert not Message.objects.exists()
    assert not UserBlock.objects.exists()
    assert not Report.objects.exists()


def test_older_messages_are_reached_with_a_link(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    sent = [send_at(conversation, seller, f"Mesaj {n}", at=minutes_ago(200 - n)) for n in range(55)]
    client = logged_in(buyer)
    html = client.get(page_url(conversation)).content.decode()
    assert message_items(html) == [str(message.pk) for message in sent[5:]]
    link = re.search(r'<a href="(\?before=[^"]+)">Önceki mesajlar</a>', html)
    assert link is not None
    older = client.get(
        page_url(conversation) + link.group(1).replace("&amp;", "&")
    ).content.decode()
    assert message_items(older) == [str(message.pk) for message in sent[:5]]


# --- Deleted accounts ------------------------------------------------------------------------
def test_messages_stay_for_the_other_party_when_an_account_is_deleted(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    from conftest import bearer_client

    question = send_at(conversation, buyer, "Parça orijinal mi?", at=minutes_ago(3))
    answer = send_at(conversation, seller, "Evet, Bosch.", at=minutes_ago(2))

    account_delete(user=buyer)

    page = logged_in(seller).get(page_url(conversation))
    assert page.status_code == 200
    assert message_items(page.content.decode()) == [str(question.pk), str(answer.pk)]
    assertContains(page, "Silinmiş kullanıcı")
    assertNotContains(page, buyer.display_name)
    inbox = logged_in(seller).get(INBOX)
    assertContains(inbox, "Silinmiş kullanıcı")
    listed = bearer_client(seller).get("/api/conversations").json()["data"]["conversations"][0]
    assert listed["other_user"]["name"] == "Silinmiş kullanıcı"
    assert buyer.email.split("@")[0] not in listed["other_user"]["email"]
    messages = bearer_client(seller).get(f"/api/conversations/{conversation.pk}/messages")
    assert [m["content"] for m in messages.json()["data"]["messages"]] == [
        "Parça orijinal mi?",
        "Evet, Bosch.",
    ]


def test_conversation_about_a_sold_part_says_satildi_and_links_the_kept_page(
    client: Client, conversation: Conversation, buyer: User, seller: User
) -> None:
    from parts.models import PartStatus
    from parts.services import part_status_change

    part_status_change(part=conversation.part, actor=seller, status=PartStatus.SOLD)
    client.force_login(buyer)

    response = client.get(f"/mesajlar/{conversation.pk}/")

    assertContains(response, "Satıldı")
    assertContains(response, f'href="/parca/{conversation.part.slug}/"')
    assert client.get(f"/parca/{conversation.part.slug}/").status_code == 200


def test_recipient_page_shows_the_warning_card_under_the_message_and_the_senders_does_not(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    send_at(conversation, seller, "Ön ödeme için IBAN: TR33 0006 1005 1978 6457 8413 26")
    send_at(conversation, seller, "Parça sağlam.")

    received = logged_in(buyer).get(page_url(conversation)).content.decode()
    written = logged_in(seller).get(page_url(conversation)).content.decode()

    first, second = re.findall(r'<li class="message .*?</li>', received, flags=re.DOTALL)
    assert 'class="message-warning"' in first
    assert 'data-reasons="iban payment"' in first
    assert "Dikkat:" in first
    assert "Bu mesajda bir IBAN var" in first
    assert "Kapora ya da ön ödeme göndermeyin" in first
    assert "message-warning" not in second
    assert 'class="message-warning"' not in written


def test_a_listing_is_reported_from_its_page_without_pressing_ilgileniyorum(
    client: Client, buyer: User, seller: User
) -> None:
    part = make_part(seller=seller, title="Kapora isteyen ilan")
    client.force_login(buyer)
    page = client.get(f"/parca/{part.slug}/")
    assertContains(page, "Bu ilanı şikâyet et")
    assertContains(page, f'action="/mesajlar/ilan-sikayet/{part.id}/"')

    response = client.post(
        f"/mesajlar/ilan-sikayet/{part.id}/",
        {"reason": "fraud", "note": "Kapora istiyor"},
        follow=True,
    )
    again = client.post(f"/mesajlar/ilan-sikayet/{part.id}/", {"reason": "fraud"}, follow=True)

    assertContains(response, "Teşekkürler")
    assert again.status_code == 200
    [report] = Report.objects.filter(part=part)
    assert (report.reporter, report.reported_user, report.reason) == (buyer, seller, "fraud")
    assert report.conversation is None
    assert not Conversation.objects.filter(part=part).exists()  # no interest was needed
    client.force_login(seller)
    assertNotContains(client.get(f"/parca/{part.slug}/"), "Bu ilanı şikâyet et")
