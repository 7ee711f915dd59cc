"""DRF endpoints of the chat: conversation list, messages (read, send), close, block, report.

A user who does not take part in a conversation gets CONVERSATION_NOT_FOUND for all of them,
whether the conversation exists or not.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.responses import api_success
from marketplace.api.schema import envelope
from marketplace.errors import DomainError, ErrorCode
from marketplace.models import User
from marketplace.privacy import mask_email
from marketplace.text import NUL_MESSAGE, has_nul
from marketplace.timestamps import timestamp_parse
from messaging import services
from messaging.models import Conversation, ConversationStatus
from messaging.selectors import (
    CONVERSATIONS_DEFAULT_LIMIT,
    CONVERSATIONS_MAX_LIMIT,
    MESSAGES_DEFAULT_LIMIT,
    MESSAGES_MAX_LIMIT,
    conversation_detail_for_participant,
    conversation_list_for_user,
    message_list_for_conversation,
)
from messaging.serializers import (
    ConversationClosedSerializer,
    ConversationListSerializer,
    MessageListSerializer,
    MessageSendSerializer,
    MessageSentSerializer,
    PartReportCreateSerializer,
    ReportCreatedSerializer,
    ReportCreateSerializer,
    UserBlockedSerializer,
    UserUnblockedSerializer,
    conversation_data,
    conversation_state_data,
    message_data,
    message_data_for_viewer,
    report_data,
)
from parts.selectors import part_get_visible, part_id_parse
from parts.serializers import api_datetime

MAX_OFFSET = 10_000
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


class _Problems:
    """Collects every invalid query parameter, so the client hears about all of them at once."""

    def __init__(self, params: Mapping[str, Any]) -> None:
        self.params = params
        self.problems: dict[str, list[str]] = {}

    def value(self, name: str) -> str:
        value = str(self.params.get(name, "") or "").strip()
        if has_nul(value):
            self.problems[name] = [str(NUL_MESSAGE)]
            return ""
        return value

    def whole_number(self, name: str, *, default: int, minimum: int, maximum: int) -> int:
        raw = self.value(name)
        if not raw:
            return default
        try:
            number = int(raw)
        except ValueError:
            self.problems[name] = [gettext("Enter a whole number.")]
            return default
        if not minimum <= number <= maximum:
            self.problems[name] = [
                gettext("Enter a number between %(minimum)d and %(maximum)d.")
                % {"minimum": minimum, "maximum": maximum}
            ]
            return default
        return number

    def timestamp(self, name: str) -> datetime | None:
        raw = self.value(name)
        if not raw:
            return None
        parsed = timestamp_parse(raw)
        if parsed is None:
            self.problems[name] = [
                gettext("Enter a date and time in ISO 8601 format (2025-08-06T10:30:00Z).")
            ]
        return parsed

    def boolean(self, name: str, *, default: bool) -> bool:
        raw = self.value(name).lower()
        if not raw:
            return default
        if raw in _TRUE:
            return True
        if raw in _FALSE:
            return False
        self.problems[name] = [gettext("Enter true or false.")]
        return default

    def choice(self, name: str, choices: list[str]) -> str | None:
        raw = self.value(name)
        if not raw:
            return None
        if raw not in choices:
            self.problems[name] = [
                gettext("Choose one of: %(choices)s.") % {"choices": ", ".join(choices)}
            ]
            return None
        return raw

    def raise_if_any(self) -> None:
        if self.problems:
            raise DomainError(ErrorCode.VALIDATION_ERROR, details=self.problems)


def _body(request: Request) -> dict[str, Any]:
    if not isinstance(request.data, dict):
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            details={"body": [gettext("Send a JSON object.")]},
        )
    return dict(request.data)


def _conversation(request: Request, conversation_id: str) -> Conversation:
    user: User = request.user  # type: ignore[assignment]
    return services.conversation_get_for_participant(conversation_id=conversation_id, user=user)


def _report_note(body: dict[str, Any]) -> str:
    """A report's optional note: text, or VALIDATION_ERROR (its length is the service's rule)."""
    note = body.get("note") or ""
    if not isinstance(note, str):
        raise DomainError(ErrorCode.VALIDATION_ERROR, details={"note": [gettext("Enter a text.")]})
    return note


def _uuid_or_none(value: object, *, field: str) -> uuid.UUID | None:
    if value in (None, ""):
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR, details={field: [gettext("Must be a valid UUID.")]}
        ) from None


class ConversationView(APIView):
    """Common settings: login required, the messaging rate limit, CONVERSATION_NOT_FOUND."""

    permission_classes = [permissions.IsAuthenticated]
    throttle_category = "messaging"
    api_error_statuses: tuple[int, ...] = (404,)


class ConversationListView(ConversationView):
    api_error_statuses = (400,)

    @extend_schema(
        operation_id="conversations_list",
        summary="The user's conversations, as buyer and as seller, newest activity first",
        parameters=[
            OpenApiParameter("status", str, enum=ConversationStatus.values),
            OpenApiParameter("limit", int, description="Default 20, at most 100"),
            OpenApiParameter("offset", int, description="Default 0"),
        ],
        responses={200: envelope(ConversationListSerializer(), name="ConversationListEnvelope")},
    )
    def get(self, request: Request) -> Response:
        params = _Problems(request.query_params)
        status = params.choice("status", ConversationStatus.values)
        limit = params.whole_number(
            "limit", default=CONVERSATIONS_DEFAULT_LIMIT, minimum=1, maximum=CONVERSATIONS_MAX_LIMIT
        )
        offset = params.whole_number("offset", default=0, minimum=0, maximum=MAX_OFFSET)
        params.raise_if_any()
        page = conversation_list_for_user(
            user=request.user,  # type: ignore[arg-type]
            status=status,
            limit=limit,
            offset=offset,
        )
        return api_success(
            {
                "conversations": [conversation_data(item) for item in page.items],
                "pagination": {
                    "total": page.total,
                    "limit": page.limit,
                    "offset": page.offset,
                    "has_more": page.has_more,
                    "total_is_exact": True,
                },
            }
        )


class ConversationMessagesView(ConversationView):
    api_error_statuses = (400, 404, 409)

    @extend_schema(
        operation_id="conversations_messages_list",
        summary="Messages of a conversation, oldest first (participants only)",
        parameters=[
            OpenApiParameter("limit", int, description="Default 50, at most 100"),
            OpenApiParameter(
                "before", OpenApiTypes.DATETIME, description="Older messages than this (paging)"
            ),
            OpenApiParameter(
                "after",
                OpenApiTypes.DATETIME,
                description="Newer messages than this (what a reconnecting client missed)",
            ),
            OpenApiParameter("mark_as_read", bool, description="Default true"),
        ],
        responses={200: envelope(MessageListSerializer(), name="MessageListEnvelope")},
    )
    def get(self, request: Request, conversation_id: str) -> Response:
        user: User = request.user  # type: ignore[assignment]
        item = conversation_detail_for_participant(conversation_id=conversation_id, user=user)
        if item is None:
            raise DomainError(ErrorCode.CONVERSATION_NOT_FOUND)
        params = _Problems(request.query_params)
        limit = params.whole_number(
            "limit", default=MESSAGES_DEFAULT_LIMIT, minimum=1, maximum=MESSAGES_MAX_LIMIT
        )
        before = params.timestamp("before")
        after = params.timestamp("after")
        mark_as_read = params.boolean("mark_as_read", default=True)
        params.raise_if_any()
        conversation = item.conversation
        if mark_as_read:
            services.conversation_mark_read(conversation=conversation, reader=user)
        page = message_list_for_conversation(
            conversation=conversation, limit=limit, before=before, after=after
        )
        seller_phone = None
        if item.user_role == "buyer" and conversation.seller_phone_shared_at is not None:
            seller_phone = conversation.seller.phone
        pagination: dict[str, Any] = {"has_more": page.has_more}
        if page.oldest_message_timestamp is not None:
            pagination["oldest_message_timestamp"] = api_datetime(page.oldest_message_timestamp)
        return api_success(
            {
                "messages": [
                    message_data_for_viewer(message, viewer_id=user.pk) for message in page.messages
                ],
                "conversation": {
                    "id": str(conversation.pk),
                    "part_title": conversation.part.title,
                    "other_user_email": mask_email(item.other_user.email),
                    "status": conversation.status,
                    "user_role": item.user_role,
                    "seller_phone": seller_phone,
                },
                "pagination": pagination,
            }
        )

    @extend_schema(
        operation_id="conversations_messages_send",
        summary="Send a message (participants only; pushed live to both sides)",
        request=MessageSendSerializer,
        responses={201: envelope(MessageSentSerializer(), name="MessageSentEnvelope")},
    )
    def post(self, request: Request, conversation_id: str) -> Response:
        body = _body(request)
        message = services.message_send(
            conversation_id=conversation_id,
            sender=request.user,  # type: ignore[arg-type]
            content=body.get("content"),
        )
        return api_success(
            {"message": message_data(message)}, message=_("Message sent"), status=201
        )


class ConversationCloseView(ConversationView):
    @extend_schema(
        operation_id="conversations_close",
        summary="Close the conversation (no more messages; history stays)",
        request=None,
        responses={
            200: envelope(ConversationClosedSerializer(), name="ConversationClosedEnvelope")
        },
    )
    def post(self, request: Request, conversation_id: str) -> Response:
        conversation = services.conversation_close(
            conversation=_conversation(request, conversation_id),
            actor=request.user,  # type: ignore[arg-type]
        )
        return api_success(
            {"conversation": conversation_state_data(conversation)},
            message=_("Conversation closed"),
        )


class ConversationBlockView(ConversationView):
    @extend_schema(
        operation_id="conversations_block",
        summary="Block the other participant (no messages either way, in any conversation)",
        request=None,
        responses={200: envelope(UserBlockedSerializer(), name="UserBlockedEnvelope")},
    )
    def post(self, request: Request, conversation_id: str) -> Response:
        block = services.user_block(
            blocker=request.user,  # type: ignore[arg-type]
            conversation=_conversation(request, conversation_id),
        )
        return api_success({"blocked_user_id": str(block.blocked_id)}, message=_("User blocked"))


class ConversationUnblockView(ConversationView):
    @extend_schema(
        operation_id="conversations_unblock",
        summary="Lift my block of the other participant (their block of me, if any, stays)",
        request=None,
        responses={200: envelope(UserUnblockedSerializer(), name="UserUnblockedEnvelope")},
    )
    def post(self, request: Request, conversation_id: str) -> Response:
        conversation = _conversation(request, conversation_id)
        other_id = conversation.other_participant_id(request.user.pk)
        services.user_unblock(blocker=request.user, blocked_id=other_id)  # type: ignore[arg-type]
        return api_success({"unblocked_user_id": str(other_id)}, message=_("Block lifted"))


class ConversationReportView(ConversationView):
    api_error_statuses = (400, 404)

    @extend_schema(
        operation_id="conversations_report",
        summary="Report the other participant, or one of their messages, to staff",
        request=ReportCreateSerializer,
        responses={201: envelope(ReportCreatedSerializer(), name="ReportCreatedEnvelope")},
    )
    def post(self, request: Request, conversation_id: str) -> Response:
        conversation = _conversation(request, conversation_id)
        body = _body(request)
        note = _report_note(body)
        report = services.report_create(
            reporter=request.user,  # type: ignore[arg-type]
            conversation=conversation,
            reason=str(body.get("reason") or ""),
            message_id=_uuid_or_none(body.get("message_id"), field="message_id"),
            note=note,
        )
        return api_success(
            {"report": report_data(report)},
            message=_("Thank you. Our team will review your report."),
            status=201,
        )


class PartReportView(APIView):
    """POST /api/parts/{id}/report: anyone logged in reports a listing, no interest needed."""

    permission_classes = [permissions.IsAuthenticated]
    api_error_statuses = (400, 404)

    @extend_schema(
        operation_id="parts_report",
        summary="Report a listing to staff (no interest needed; one open report per listing)",
        request=PartReportCreateSerializer,
        responses={201: envelope(ReportCreatedSerializer(), name="PartReportCreatedEnvelope")},
    )
    def post(self, request: Request, part_id: str) -> Response:
        part = part_get_visible(
            part_id=part_id_parse(part_id),
            viewer=request.user,  # type: ignore[arg-type]
        )
        body = _body(request)
        note = _report_note(body)
        report = services.part_report_create(
            reporter=request.user,  # type: ignore[arg-type]
            part=part,
            reason=str(body.get("reason") or ""),
            note=note,
        )
        return api_success(
            {"report": report_data(report)},
            message=_("Thank you. Our team will review your report."),
            status=201,
        )
