"""Every admin change form states which fields each staff role may edit, and gets exactly that.

In the style of the authorization matrix: a model registered in the admin without a row here
fails, a form that lets a moderator or support edit more (or less) than its row says fails, and
a permission field (superuser or staff flag, groups, permissions, password) editable by anyone but
a superuser fails whatever the table says.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db.models import Model
from django.test import Client

from integrations.models import Channel, Notification, NotificationTemplate, ProviderConnection
from marketplace.models import AccountDeletionLog, AuditAction, AuditEntry, Consent, ConsentKind
from marketplace.roles import staff_roles_ensure
from marketplace.services.moderation import user_ban
from marketplace.tests.factories import UserFactory
from messaging import services as messaging_services
from orders.tests.factories import make_order
from parts.models import BannedWord, PartImage
from parts.tests.factories import make_part

pytestmark = pytest.mark.django_db

MODERATOR = "Moderatörler"
SUPPORT = "Destek"
# What no one but a superuser may ever edit, on any model.
PERMISSION_FIELDS = frozenset(
    {"is_superuser", "is_staff", "groups", "user_permissions", "permissions", "password"}
)
NOTHING: frozenset[str] = frozenset()

# (model, target) → role → the names of the editable form fields (inline fields as
# "<prefix>.<field>"). Targets: "any" for one row of the model; for users, "user" and "staff".
EDITABLE: dict[tuple[str, str], dict[str, frozenset[str]]] = {
    ("marketplace.user", "user"): {
        MODERATOR: frozenset({"display_name", "avatar"}),
        SUPPORT: NOTHING,
    },
    ("marketplace.user", "staff"): {MODERATOR: NOTHING, SUPPORT: NOTHING},
    ("marketplace.consent", "any"): {MODERATOR: NOTHING, SUPPORT: NOTHING},
    ("marketplace.accountdeletionlog", "any"): {MODERATOR: NOTHING, SUPPORT: NOTHING},
    # The audit log is append-only: no one edits it, superusers included.
    ("marketplace.auditentry", "any"): {MODERATOR: NOTHING, SUPPORT: NOTHING},
    ("parts.part", "any"): {MODERATOR: frozenset({"status", "rejection_reason"}), SUPPORT: NOTHING},
    ("parts.partimage", "any"): {MODERATOR: NOTHING, SUPPORT: NOTHING},
    ("parts.bannedword", "any"): {
        MODERATOR: frozenset({"phrase", "points", "note"}),
        SUPPORT: NOTHING,
    },
    ("interests.interest", "any"): {MODERATOR: NOTHING, SUPPORT: NOTHING},
    ("messaging.conversation", "any"): {MODERATOR: NOTHING, SUPPORT: NOTHING},
    # Messages and reports are read-only forms: moderators act through the list's actions.
    ("messaging.message", "any"): {MODERATOR: NOTHING, SUPPORT: NOTHING},
    ("messaging.report", "any"): {MODERATOR: NOTHING, SUPPORT: NOTHING},
    ("messaging.userblock", "any"): {MODERATOR: NOTHING, SUPPORT: NOTHING},
    ("integrations.notificationtemplate", "any"): {MODERATOR: NOTHING, SUPPORT: NOTHING},
    ("integrations.notification", "any"): {MODERATOR: NOTHING, SUPPORT: NOTHING},
    ("integrations.providerconnection", "any"): {MODERATOR: NOTHING, SUPPORT: NOTHING},
    ("payments.payoutprofile", "any"): {MODERATOR: NOTHING, SUPPORT: NOTHING},
    # Orders are read-only: refunds and dispute settlements are actions (superusers only yet).
    ("orders.order", "any"): {MODERATOR: NOTHING, SUPPORT: NOTHING},
    # Reviews are read-only: moderators hide and show them through the list's actions.
    ("reviews.review", "any"): {MODERATOR: NOTHING, SUPPORT: NOTHING},
    ("auth.group", "any"): {MODERATOR: NOTHING, SUPPORT: NOTHING},
    ("account.emailaddress", "any"): {MODERATOR: NOTHING, SUPPORT: NOTHING},
    ("socialaccount.socialaccount", "any"): {MODERATOR: NOTHING, SUPPORT: NOTHING},
    ("socialaccount.socialapp", "any"): {MODERATOR: NOTHING, SUPPORT: NOTHING},
    ("socialaccount.socialtoken", "any"): {MODERATOR: NOTHING, SUPPORT: NOTHING},
}

_IGNORED_INPUTS = re.compile(r"^(csrfmiddlewaretoken|_save|_continue|_addanother|_popup)$")
_INLINE_FIELD = re.compile(r"^(?P<prefix>[\w]+)-\d+-(?P<field>\w+)$")
_INLINE_MANAGEMENT = re.compile(r"-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$|-__prefix__-")


class _FormFields(HTMLParser):
    """The names of the inputs a staff member can change in the admin's change form."""

    def __init__(self) -> None:
        super().__init__()
        self.in_form = False
        self.names: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("id") or "").endswith("_form"):
            self.in_form = True
        if not self.in_form or tag not in {"input", "select", "textarea"}:
            return
        name = attributes.get("name") or ""
        kind = (attributes.get("type") or "").lower()
        if (
            not name
            or kind in {"hidden", "submit", "button"}
            or "disabled" in attributes
            or _IGNORED_INPUTS.match(name)
            or _INLINE_MANAGEMENT.search(name)
            or name.startswith("initial-")
        ):
            return
        inline = _INLINE_FIELD.match(name)
        self.names.add(f"{inline['prefix']}.{inline['field']}" if inline else name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False


def _editable_fields(client: Client, instance: Model) -> frozenset[str]:
    meta = instance._meta
    response = client.get(f"/yonetim/{meta.app_label}/{meta.model_name}/{instance.pk}/change/")
    if response.status_code in (302, 403, 404):
        return NOTHING
    assert response.status_code == 200, response.status_code
    parser = _FormFields()
    parser.feed(response.content.decode())
    # A view-only page has no save button: whatever it shows cannot be sent.
    if 'name="_save"' not in response.content.decode():
        return NOTHING
    return frozenset(parser.names)


def _one_of_each() -> dict[tuple[str, str], Model]:
    """A row of every model the admin shows, made through the services where they exist."""
    seller = UserFactory.create()
    buyer = UserFactory.create()
    part = make_part(seller=seller)
    conversation = messaging_services.conversation_open(part=part, buyer=buyer)
    message = messaging_services.message_send(
        conversation_id=conversation.pk, sender=seller, content="Parça duruyor."
    )
    report = messaging_services.report_create(
        reporter=buyer, conversation=conversation, reason="spam", message_id=message.pk
    )
    block = messaging_services.user_block(blocker=buyer, conversation=conversation)
    from interests.models import Interest

    interest = Interest.objects.create(user=buyer, part=part, type="interested")
    image = PartImage.objects.create(uploader=seller, part=part)
    notification = Notification.objects.create(
        user=buyer, event="interest_expressed", dedupe_key="matrix", context={}
    )
    template = NotificationTemplate.objects.create(
        event="interest_expressed", channel=Channel.SMS, body="Merhaba"
    )
    connection = ProviderConnection.objects.create(kind="netgsm")
    consent = Consent.objects.create(
        user=buyer, kind=ConsentKind.MARKETING, granted=True, text_version="1"
    )
    deletion = AccountDeletionLog.objects.create(user_id=UserFactory.create().pk)
    user_ban(user=UserFactory.create(), reason="spam")
    audit_entry = AuditEntry.objects.get(action=AuditAction.USER_BAN)
    email = EmailAddress.objects.create(user=buyer, email=buyer.email, verified=True)
    social_app = SocialApp.objects.create(provider="google", name="Google", client_id="x")
    social_account = SocialAccount.objects.create(user=buyer, provider="google", uid="1")
    social_token = SocialToken.objects.create(app=social_app, account=social_account, token="t")
    staff_member = UserFactory.create(is_staff=True, is_superuser=True)
    from payments.services import payout_profile_save
    from payments.tests.access import VALID_PROFILE

    payout_profile = payout_profile_save(user=seller, data=VALID_PROFILE)
    return {
        ("marketplace.user", "user"): buyer,
        ("marketplace.user", "staff"): staff_member,
        ("marketplace.consent", "any"): consent,
        ("marketplace.accountdeletionlog", "any"): deletion,
        ("marketplace.auditentry", "any"): audit_entry,
        ("parts.part", "any"): part,
        ("parts.partimage", "any"): image,
        ("parts.bannedword", "any"): BannedWord.objects.create(
            phrase="çalıntı", phrase_folded="calinti"
        ),
        ("interests.interest", "any"): interest,
        ("messaging.conversation", "any"): conversation,
        ("messaging.message", "any"): message,
        ("messaging.report", "any"): report,
        ("messaging.userblock", "any"): block,
        ("integrations.notificationtemplate", "any"): template,
        ("integrations.notification", "any"): notification,
        ("integrations.providerconnection", "any"): connection,
        ("payments.payoutprofile", "any"): payout_profile,
        ("orders.order", "any"): make_order(),
        ("reviews.review", "any"): _review(),
        ("auth.group", "any"): Group.objects.get(name=MODERATOR),
        ("account.emailaddress", "any"): email,
        ("socialaccount.socialaccount", "any"): social_account,
        ("socialaccount.socialapp", "any"): social_app,
        ("socialaccount.socialtoken", "any"): social_token,
    }


def _review() -> Model:
    from reviews.services import review_create

    order = make_order(state="completed")
    return review_create(order_id=order.pk, buyer=order.buyer, rating=4, comment="Sorunsuz.")


def test_every_model_in_the_admin_has_a_row() -> None:
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == {model for model, _target in EDITABLE}


@pytest.fixture
def matrix() -> dict[str, dict[tuple[str, str], frozenset[str]]]:
    staff_roles_ensure()
    rows = _one_of_each()
    found: dict[str, dict[tuple[str, str], frozenset[str]]] = {}
    for role in (MODERATOR, SUPPORT):
        member = UserFactory.create(is_staff=True)
        member.groups.add(Group.objects.get(name=role))
        client = Client()
        client.force_login(member)
        found[role] = {key: _editable_fields(client, instance) for key, instance in rows.items()}
    return found


def test_each_role_edits_exactly_the_fields_its_row_lists(
    matrix: dict[str, dict[tuple[str, str], frozenset[str]]],
) -> None:
    differences: list[str] = []
    for key, roles in EDITABLE.items():
        for role, expected in roles.items():
            actual = matrix[role][key]
            if actual != expected:
                differences.append(
                    f"{key} as {role}: editable {sorted(actual)}, row says {sorted(expected)}"
                )
    assert not differences, "\n".join(differences)


def test_no_permission_field_is_editable_by_a_non_superuser(
    matrix: dict[str, dict[tuple[str, str], frozenset[str]]],
) -> None:
    for role, forms in matrix.items():
        for key, fields in forms.items():
            bare = {field.rsplit(".", 1)[-1] for field in fields}
            assert not bare & PERMISSION_FIELDS, (
                f"{role} can edit {bare & PERMISSION_FIELDS} on {key}"
            )


def test_the_superuser_form_does_offer_the_permission_fields(client: Client) -> None:
    """The parser sees the fields the matrix is about (else an empty set proves nothing)."""
    target = UserFactory.create()
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    fields = _editable_fields(client, target)
    assert {"is_superuser", "is_staff", "groups", "user_permissions", "email"} <= fields
