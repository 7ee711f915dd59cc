"""KVKK part of the messaging app: the user's conversations, the messages they wrote, their
reports and blocks in their data export, and what an account deletion does here. Registered in
apps.py.

Reports and blocks made *about* the user belong to the people who made them: the export says
only how many there are. Staff's fraud flags on messages are not exported.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q

from integrations.services import notification_contexts_redact
from marketplace.models import User
from marketplace.privacy import deleted_user_name
from messaging.models import Conversation, Message, Report, UserBlock
from messaging.realtime import user_sockets_close
from messaging.services import new_message_dedupe_key


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def conversations_export(user: User) -> list[dict[str, Any]]:
    conversations = (
        Conversation.objects.filter(Q(buyer=user) | Q(seller=user))
        .select_related("part", "buyer", "seller")
        .order_by("created_at")
    )
    return [
        {
            "id": str(conversation.pk),
            "part_id": str(conversation.part_id),
            "part_title": conversation.part.title,
            "role": "buyer" if conversation.buyer_id == user.pk else "seller",
            "other_party": (
                conversation.seller if conversation.buyer_id == user.pk else conversation.buyer
            ).public_name,
            "status": conversation.status,
            "seller_phone_shared_at": _iso(conversation.seller_phone_shared_at),
            "created_at": _iso(conversation.created_at),
            "closed_at": _iso(conversation.closed_at),
        }
        for conversation in conversations
    ]


def messages_export(user: User) -> list[dict[str, Any]]:
    """The messages the user wrote (those they received are in the conversations, theirs)."""
    return [
        {
            "id": str(message.pk),
            "conversation_id": str(message.conversation_id),
            "content": message.content,
            "created_at": _iso(message.created_at),
            "read_at": _iso(message.read_at),
            "hidden_by_staff": message.hidden_at is not None,
        }
        for message in Message.objects.filter(sender=user).order_by("created_at", "id")
    ]


def reports_export(user: User) -> dict[str, Any]:
    made = Report.objects.filter(reporter=user).select_related("reported_user")
    return {
        "made": [
            {
                "id": str(report.pk),
                "conversation_id": str(report.conversation_id) if report.conversation_id else None,
                "part_id": str(report.part_id) if report.part_id else None,
                "message_id": str(report.message_id) if report.message_id else None,
                "reported_user": report.reported_user.public_name,
                "reason": report.reason,
                "note": report.note,
                "status": report.status,
                "created_at": _iso(report.created_at),
            }
            for report in made.order_by("created_at")
        ],
        "received_count": Report.objects.filter(reported_user=user).count(),
    }


def blocks_export(user: User) -> dict[str, Any]:
    made = UserBlock.objects.filter(blocker=user).select_related("blocked")
    return {
        "made": [
            {
                "user_id": str(block.blocked_id),
                "name": block.blocked.public_name,
                "created_at": _iso(block.created_at),
            }
            for block in made.order_by("created_at")
        ],
        "received_count": UserBlock.objects.filter(blocked=user).count(),
    }


def messaging_erase(user: User) -> int:
    """Messages stay with the other party, from "Silinmiş kullanıcı"; the recipients'
    new-message notices lose the sender's name, the excerpt and the message, and the user's
    sockets close once the deletion is committed."""
    changed = notification_contexts_redact(
        dedupe_keys=(
            new_message_dedupe_key(pk)
            for pk in Message.objects.filter(sender=user).values_list("pk", flat=True)
        ),
        replacements={"sender_name": deleted_user_name(), "excerpt": "", "message": ""},
    )
    user_id = user.pk
    transaction.on_commit(lambda: user_sockets_close(user_id=user_id))
    return changed
