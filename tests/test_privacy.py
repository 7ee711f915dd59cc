"""KVKK: consent records, the data export and account deletion (services and pages)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from integrations.models import Notification, NotificationEvent
from integrations.services import notification_enqueue
from interests.models import Interest, InterestType
from interests.services import interest_express, seller_phone_approve
from marketplace.errors import DomainError
from marketplace.models import (
    AccountDeletionLog,
    AuditEntry,
    Consent,
    ConsentKind,
    PhoneOtp,
    User,
)
from marketplace.selectors import consent_current, user_data_export
from marketplace.services.avatars import user_avatar_set
from marketplace.services.moderation import user_ban, user_unban
from marketplace.services.privacy import account_delete, consent_record
from marketplace.services.sessions import session_create, session_refresh
from marketplace.services.users import user_profile_update
from marketplace.tests.factories import TEST_PASSWORD, UserFactory
from messaging.models import Conversation, Message
from messaging.services import message_send, report_create, user_block
from parts.models import Part, PartImage, PartStatus
from parts.tests.factories import make_part
from parts.tests.images import jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def test_turning_sms_and_whatsapp_on_and_off_records_consent_with_the_text_version(user: User):
    user_profile_update(user=user, notify_sms=True, notify_whatsapp=True, ip_address="::1")
    assert consent_current(user=user) == {ConsentKind.SMS: True, ConsentKind.WHATSAPP: True}
    consent = Consent.objects.filter(user=user).first()
    assert consent is not None
    assert consent.text_version == "2026-11"
    assert consent.ip_address == "::1"
    user_profile_update(user=user, notify_sms=True, notify_whatsapp=False)
    user.refresh_from_db()
    assert (user.notify_sms, user.notify_whatsapp) == (True, False)
    # Only the change is recorded: SMS was already granted.
    assert Consent.objects.filter(user=user).count() == 3
    assert consent_current(user=user)[ConsentKind.WHATSAPP] is False


def test_profile_page_saves_name_city_channels_and_marketing_consent(client: Client, user: User):
    client.force_login(user)
    response = client.post(
        reverse("marketplace:profile"),
        {
            "display_name": "Usta Mehmet",
            "city": "izmir",
            "notify_email": "on",
            "notify_whatsapp": "on",
            "consent_marketing": "on",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.city) == ("Usta Mehmet", "İzmir")
    assert (user.notify_email, user.notify_sms, user.notify_whatsapp) == (True, False, True)
    assert consent_current(user=user) == {
        ConsentKind.WHATSAPP: True,
        ConsentKind.MARKETING: True,
    }
    page = client.get(reverse("marketplace:profile")).content.decode()
    assert "Profiliniz kaydedildi" in page


def test_profile_page_refuses_an_unknown_city_in_turkish_and_keeps_the_rest(
    client: Client, user: User
):
    client.force_login(user)
    response = client.post(reverse("marketplace:profile"), {"city": "Gotham"})
    assert response.status_code == 400
    assert "Geçersiz şehir adı" in response.content.decode()


def test_profile_city_list_shows_province_names_and_marks_the_stored_city(
    client: Client, user: User
):
    user.city = "İzmir"
    user.save()
    client.force_login(user)
    page = client.get(reverse("marketplace:profile")).content.decode()
    assert "Province(" not in page
    assert '<option value="Adana">Adana</option>' in page
    assert '<option value="İzmir" selected>İzmir</option>' in page
    # Turkish alphabetical order: Çanakkale after Bursa, İstanbul after Isparta.
    assert page.index(">Bursa<") < page.index(">Çanakkale<") < page.index(">Çankırı<")
    assert page.index(">Isparta<") < page.index(">İstanbul<")


def test_profile_saved_untouched_keeps_the_stored_city(client: Client, user: User):
    user.display_name = "Usta Mehmet"
    user.city = "Kahramanmaraş"
    user.save()
    client.force_login(user)
    # What a browser sends back for the select as it was rendered: the selected option's
    # value, else the first option's ("Seçin", empty).
    page = client.get(reverse("marketplace:profile")).content.decode()
    select = re.search(r'<select id="id_city" name="city"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None
    selected = re.search(r'<option value="([^"]*)" selected>', select.group(1))
    first = re.search(r'<option value="([^"]*)"', select.group(1))
    assert first is not None
    sent_city = (selected or first).group(1)
    response = client.post(
        reverse("marketplace:profile"), {"display_name": "Usta Mehmet", "city": sent_city}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.city == "Kahramanmaraş"


def test_avatar_is_reencoded_to_a_webp_square_without_exif(client: Client, user: User, media):
    client.force_login(user)
    photo = jpeg_bytes(800, 600, gps=True)
    response = client.post(
        reverse("marketplace:avatar"),
        {"avatar": _upload("foto.jpg", photo)},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    stored = media / user.avatar.name
    data = stored.read_bytes()
    assert data[:4] == b"RIFF"
    assert data[8:12] == b"WEBP"
    assert b"EXIF" not in data
    assert b"Exif" not in data
    from PIL import Image

    with Image.open(stored) as image:
        assert image.size == (256, 256)
    # Served by the site on the embedded default.
    assert client.get(user.avatar.url).status_code == 200


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("buyuk.jpg", b"\xff\xd8" + b"0" * (500 * 1024), "en fazla 500 KB"),
        ("metin.jpg", b"bu bir resim degil", "resim değil"),
        ("foto.webp", None, "Yalnızca JPEG ve PNG"),
    ],
)
def test_avatar_refusals_are_turkish(client: Client, user: User, media, name, data, message):
    from parts.tests.images import webp_bytes

    client.force_login(user)
    response = client.post(
        reverse("marketplace:avatar"),
        {"avatar": _upload(name, data if data is not None else webp_bytes())},
        follow=True,
    )
    assert message in response.content.decode()
    user.refresh_from_db()
    assert not user.avatar


def test_replacing_the_avatar_removes_the_old_file(
    user: User, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user_avatar_set(user=user, data=jpeg_bytes())
    first = media / user.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        user_avatar_set(user=user, data=jpeg_bytes(100, 100))
    assert not first.exists()
    assert (media / user.avatar.name).exists()


def test_export_contains_profile_listings_interests_consents_and_is_a_download(
    client: Client, user: User, other_user: User
):
    part = make_part(seller=user, title="Golf 7 sol far")
    theirs = make_part(seller=other_user)
    Interest.objects.create(user=user, part=theirs, type=InterestType.NOT_INTERESTED)
    user_profile_update(user=user, notify_sms=True)
    session_create(user=user, user_agent="BanaYeni iOS")
    client.force_login(user)
    response = client.get(reverse("marketplace:data-export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="banayeni-verilerim-')
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["profile"]["email"] == user.email
    assert data["profile"]["notification_preferences"]["sms"] is True
    assert [listing["id"] for listing in data["listings"]] == [str(part.pk)]
    assert data["listings"][0]["title"] == "Golf 7 sol far"
    assert data["interests"] == [
        {
            "part_id": str(theirs.pk),
            "type": "not_interested",
            "created_at": data["interests"][0]["created_at"],
        }
    ]
    assert data["consents"][0]["kind"] == "sms"
    assert data["sessions"][0]["user_agent"] == "BanaYeni iOS"
    assert other_user.email not in response.content.decode()


def test_account_deletion_leaves_no_personal_data(
    user: User, other_user: User, media, django_capture_on_commit_callbacks
):
    user.phone = "+905321234567"
    user.city = "Ankara"
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    with django_capture_on_commit_callbacks(execute=True):
        user_avatar_set(user=user, data=jpeg_bytes())
    avatar_file = media / user.avatar.name
    part = make_part(seller=user, description="Arayın: 0532 123 45 67")
    image = PartImage.objects.create(uploader=user, part=part, status="ready")
    image.display.save("display.webp", ContentFile(b"webp"))
    photo_file = media / image.display.name
    theirs = make_part(seller=other_user)
    Interest.objects.create(user=user, part=theirs, type=InterestType.NOT_INTERESTED)
    session = session_create(user=user)
    user_profile_update(user=user, notify_whatsapp=True)
    PhoneOtp.objects.create(
        phone=user.phone, purpose="verify", user=user, code_hash="x", expires_at=user.created_at
    )
    email, user_id = user.email, user.pk

    with django_capture_on_commit_callbacks(execute=True):
        log = account_delete(user=user)

    user.refresh_from_db()
    assert user.email.endswith("@silinmis.invalid")
    assert email not in user.email
    assert (user.phone, user.display_name, user.city, user.avatar.name) == (None, "", "", "")
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.deleted_at is not None
    assert user.public_name == "Silinmiş kullanıcı"
    assert not avatar_file.exists()
    assert not photo_file.exists()
    part.refresh_from_db()
    assert part.status == PartStatus.DELETED
    assert part.description == ""
    assert "0532" not in part.search_document
    assert not PartImage.objects.filter(uploader_id=user_id).exists()
    assert not Interest.objects.filter(user_id=user_id).exists()
    assert not Consent.objects.filter(user_id=user_id).exists()
    assert not PhoneOtp.objects.filter(user_id=user_id).exists()
    assert not EmailAddress.objects.filter(user_id=user_id).exists()
    with pytest.raises(DomainError):
        session_refresh(refresh_token=session.refresh_token)
    assert (log.user_id, log.listings_removed, log.tokens_revoked) == (user_id, 1, 1)
    assert AccountDeletionLog.objects.count() == 1
    # What is left of the user mentions nothing they gave us.
    export = json.dumps(user_data_export(user=user), default=str)
    assert email not in export
    assert "0532" not in export
    assert "Ankara" not in export
    # The address is free for a new account.
    assert UserFactory.create(email=email).pk != user_id
    assert theirs.pk in Part.objects.values_list("pk", flat=True)


def test_account_deletion_page_asks_for_the_password_and_logs_out(client: Client, user: User):
    client.force_login(user)
    url = reverse("marketplace:account-delete")
    assert client.get(url).status_code == 200
    wrong = client.post(url, {"password": "yanlis", "confirm": "on"})
    assert wrong.status_code == 400
    assert "Şifre hatalı" in wrong.content.decode()
    unconfirmed = client.post(url, {"password": TEST_PASSWORD})
    assert unconfirmed.status_code == 400
    response = client.post(url, {"password": TEST_PASSWORD, "confirm": "on"}, follow=True)
    assert "Hesabınız silindi" in response.content.decode()
    user.refresh_from_db()
    assert user.deleted_at is not None
    assert client.get(reverse("marketplace:profile")).status_code == 302  # logged out


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


# --- Everything we keep: conversations, messages, reports, blocks, notifications ----------------
SELLER_PHONE = "+905321112233"
RESET_LINK = "https://banayeni.example/hesap/sifre-sifirla/anahtar/gizli-bag-123/"


@dataclass
class Dealings:
    buyer: User
    seller: User
    conversation: Conversation


def _dealings(buyer: User, seller: User) -> Dealings:
    """A buyer and a seller who did everything the site records: an interest, a shared phone,
    messages both ways, a report each way, a block, and a password reset with its secret link."""
    User.objects.filter(pk=buyer.pk).update(display_name="Alıcı Ayşe")
    User.objects.filter(pk=seller.pk).update(
        display_name="Satıcı Selim", phone=SELLER_PHONE, phone_verified_at=timezone.now()
    )
    buyer.refresh_from_db()
    seller.refresh_from_db()
    part = make_part(seller=seller, title="Passat sağ stop")
    conversation = interest_express(user=buyer, type="interested", part=part).conversation
    assert conversation is not None
    seller_phone_approve(seller=seller, conversation_id=conversation.pk)
    asked = message_send(
        conversation_id=conversation.pk, sender=buyer, content="Parça hâlâ duruyor mu?"
    )
    message_send(conversation_id=conversation.pk, sender=seller, content="Evet, duruyor.")
    answer = Message.objects.get(sender=seller)
    report_create(
        reporter=buyer,
        conversation=conversation,
        reason="spam",
        note="Israrcı",
        message_id=answer.pk,
    )
    report_create(reporter=seller, conversation=conversation, reason="abuse", message_id=asked.pk)
    user_block(blocker=buyer, conversation=conversation)
    consent_record(user=buyer, kind=ConsentKind.PRIVACY_NOTICE, granted=True)
    notification_enqueue(
        user=buyer,
        event=NotificationEvent.PASSWORD_RESET,
        dedupe_key="password_reset:test",
        context={"site_url": "https://banayeni.example/"},
        secrets={"reset_url": RESET_LINK},
        relay=False,
    )
    return Dealings(buyer=buyer, seller=seller, conversation=conversation)


def test_export_holds_conversations_messages_reports_blocks_and_notifications_without_secrets(
    client: Client, user: User, other_user: User
):
    dealings = _dealings(buyer=user, seller=other_user)
    client.force_login(user)
    response = client.get(reverse("marketplace:data-export"))
    data = json.loads(response.content)

    [conversation] = data["conversations"]
    assert conversation["id"] == str(dealings.conversation.pk)
    assert conversation["role"] == "buyer"
    assert conversation["other_party"] == "Satıcı Selim"
    assert conversation["part_title"] == "Passat sağ stop"
    assert [message["content"] for message in data["messages"]] == ["Parça hâlâ duruyor mu?"]
    [report] = data["reports"]["made"]
    assert (report["reason"], report["note"], report["reported_user"]) == (
        "spam",
        "Israrcı",
        "Satıcı Selim",
    )
    assert data["reports"]["received_count"] == 1
    assert [block["name"] for block in data["blocks"]["made"]] == ["Satıcı Selim"]
    assert data["blocks"]["received_count"] == 0
    assert {consent["kind"] for consent in data["consents"]} == {"privacy_notice"}
    events = {notification["event"]: notification for notification in data["notifications"]}
    assert set(events) == {"interest_approved", "new_message", "password_reset"}
    assert events["interest_approved"]["context"]["seller_phone"] == SELLER_PHONE
    assert events["new_message"]["context"]["excerpt"] == "Evet, duruyor."
    assert events["password_reset"]["context"] == {"site_url": "https://banayeni.example/"}
    body = response.content.decode()
    assert "gizli-bag-123" not in body
    secrets_encrypted = Notification.objects.get(dedupe_key="password_reset:test").secrets_encrypted
    assert secrets_encrypted[:20] not in body
    assert other_user.email not in body


def test_export_over_the_api_has_the_same_sections(user_api_client, user: User, other_user: User):
    _dealings(buyer=user, seller=other_user)
    data = user_api_client.get("/api/me/data").json()["data"]
    assert len(data["conversations"]) == len(data["messages"]) == 1
    assert data["reports"]["received_count"] == 1
    assert {notification["event"] for notification in data["notifications"]} == {
        "interest_approved",
        "new_message",
        "password_reset",
    }


def test_deleting_the_seller_erases_their_name_and_phone_from_the_buyers_notifications(
    user: User, other_user: User
):
    dealings = _dealings(buyer=user, seller=other_user)
    account_delete(user=dealings.seller)

    approved = Notification.objects.get(user=dealings.buyer, event="interest_approved")
    assert approved.context["seller_phone"] == ""
    assert approved.context["seller_name"] == "Silinmiş kullanıcı"
    assert approved.context["part_name"] == "Passat sağ stop"  # not about the seller
    notice = Notification.objects.get(user=dealings.buyer, event="new_message")
    assert notice.context["sender_name"] == "Silinmiş kullanıcı"
    assert notice.context["excerpt"] == ""
    # Not yet sent: now never sent.
    assert {approved.status, notice.status} == {"skipped"}
    everything = json.dumps(list(Notification.objects.values("context", "address")))
    assert "5321112233" not in everything
    assert "Selim" not in everything
    assert other_user.email not in everything


def test_deleting_the_buyer_erases_their_name_from_the_sellers_notifications(
    user: User, other_user: User
):
    dealings = _dealings(buyer=user, seller=other_user)
    account_delete(user=dealings.buyer)

    received = Notification.objects.get(user=dealings.seller, event="interest_received")
    assert received.context["buyer_name"] == "Silinmiş kullanıcı"
    notice = Notification.objects.get(user=dealings.seller, event="new_message")
    assert (notice.context["sender_name"], notice.context["excerpt"]) == ("Silinmiş kullanıcı", "")
    everything = json.dumps(list(Notification.objects.values("context", "address")))
    assert "Ayşe" not in everything
    assert "duruyor mu" not in everything


def test_account_deletion_wipes_the_users_own_notifications_and_sends_none(
    user: User, other_user: User
):
    dealings = _dealings(buyer=user, seller=other_user)
    account_delete(user=dealings.buyer)

    own = Notification.objects.filter(user=dealings.buyer)
    assert own.count() == 3  # the record that they happened stays, for delivery statistics
    for notification in own:
        assert (notification.context, notification.address) == ({}, "")
        assert notification.secrets_encrypted in ("", "wiped")
        assert notification.status == "skipped"
    assert user_data_export(user=dealings.buyer)["notifications"][0]["context"] == {}


def test_every_app_that_keeps_rows_about_a_user_adds_to_the_export_and_the_deletion():
    from django.apps import apps
    from django.conf import settings

    from marketplace.privacy_registry import registered_erasures, registered_exports

    # Our own apps but the core, which exports and erases its own rows itself.
    feature_apps = {
        config.label
        for config in apps.get_app_configs()
        if config.path.startswith(str(settings.BASE_DIR))
        and ".venv" not in config.path
        and config.label != "marketplace"
    }
    assert {"parts", "interests", "messaging", "integrations"} <= feature_apps
    holding = {
        model._meta.app_label
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.is_relation
        and field.concrete
        and field.related_model is not None
        and field.related_model._meta.label == settings.AUTH_USER_MODEL
        and model._meta.app_label in feature_apps
    }
    assert holding
    exporting = {module.split(".")[0] for module in registered_exports().values()}
    erasing = {module.split(".")[0] for module in registered_erasures().values()}
    assert holding <= exporting
    assert holding <= erasing


def test_reviews_written_and_received_are_exported_and_deletion_keeps_only_the_stars():
    from reviews.models import Review
    from reviews.selectors import seller_rating_summary
    from reviews.services import review_reply
    from reviews.tests.factories import make_review

    review = make_review(rating=2, comment="Ahmet Bey 0532 111 22 33 aradı, parça eksikti")
    review_reply(review_id=review.pk, seller=review.seller, text="Mehmet, eksiği gönderdik.")
    written = user_data_export(user=review.author)["reviews"]["written"]
    assert [(row["rating"], row["comment"]) for row in written] == [
        (2, "Ahmet Bey 0532 111 22 33 aradı, parça eksikti")
    ]
    assert written[0]["seller_reply"] == "Mehmet, eksiği gönderdik."
    received = user_data_export(user=review.seller)["reviews"]["received"]
    assert [row["id"] for row in received] == [str(review.pk)]
    assert "author" not in str(received)  # the author's name is theirs, not the seller's

    account_delete(user=review.author)
    kept = Review.objects.select_related("author").get(pk=review.pk)
    assert (kept.rating, kept.comment) == (2, "")
    assert kept.author.public_name == "Silinmiş kullanıcı"
    assert kept.seller_reply == "Mehmet, eksiği gönderdik."  # the seller's, not the author's
    assert seller_rating_summary(seller_id=review.seller_id).count == 1

    account_delete(user=review.seller)
    kept.refresh_from_db()
    assert (kept.rating, kept.seller_reply) == (2, "")
    assert kept.replied_at is not None


def test_account_deletion_keeps_the_audit_log_about_the_user_and_the_export_leaves_it_out(
    user: User, staff_user: User
) -> None:
    """The audit log is the platform's legal record of what staff did and why (KVKK art. 5(2)(ç)
    and (e)): an account deletion keeps its entries, which point at the anonymised user row by
    id and never held the e-mail (a masked one at most). The user's export leaves them out:
    they are staff's records about moderation, not data the user gave us."""
    from parts.services import part_status_change

    email = user.email
    part = make_part(seller=user, title="Egea arka tampon")
    part_status_change(part=part, actor=staff_user, status="rejected", reason="Sahte ilan")
    user_ban(user=user, reason="Kapora dolandırıcılığı", actor=staff_user)
    user_unban(user=user, actor=staff_user)
    about_user = {str(user.pk), str(part.pk)}
    assert AuditEntry.objects.filter(target_id__in=about_user).count() == 3
    export = user_data_export(user=user)
    assert not [name for name in export if "audit" in name.lower()]
    assert "Kapora" not in json.dumps(export, default=str)

    account_delete(user=user)

    kept = AuditEntry.objects.filter(target_id__in=about_user)
    assert kept.count() == 3
    assert kept.get(action="user_ban").reason == "Kapora dolandırıcılığı"
    everything = json.dumps(
        list(AuditEntry.objects.values("target_label", "before", "after", "reason")), default=str
    )
    assert email not in everything
