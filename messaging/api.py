"""DRF endpoints of the chat: conversation list, messages (read, send), close, block, report.

A user who does not take part in a conversation gets CONVERSATION_NOT_FOUND for all of them,
whether the conversation exists or not.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.fields import input_validated
from marketplace.api.responses import api_success
from marketplace.api.schema import envelope
from marketplace.errors import DomainError
from marketplace.models import User
from marketplace.privacy import mask_email
from marketplace.timestamps import api_datetime
from messaging import services
from messaging.error_codes import MessagingErrorCode
from messaging.models import Conversation
from messaging.selectors import (
    conversation_detail_for_participant,
    conversation_list_for_user,
    message_list_for_conversation,
    user_get_reportable,
)
from messaging.serializers import (
    ConversationClosedSerializer,
    ConversationListQuerySerializer,
    ConversationListSerializer,
    MessageListQuerySerializer,
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


def _conversation(request: Request, conversation_id: str) -> Conversation:
    user: User = request.user  # type: ignore[assignment]
    return services.conversation_get_for_participant(conversation_id=conversation_id, user=user)


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
        parameters=[ConversationListQuerySerializer],
        responses={200: envelope(ConversationListSerializer(), name="ConversationListEnvelope")},
    )
    def get(self, request: Request) -> Response:
        query = input_validated(ConversationListQuerySerializer, request.query_params)
        page = conversation_list_for_user(
            user=request.user,  # type: ignore[arg-type]
            status=query.get("status"),
            limit=query["limit"],
            offset=query["offset"],
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
        parameters=[MessageListQuerySerializer],
        responses={200: envelope(MessageListSerializer(), name="MessageListEnvelope")},
    )
    def get(self, request: Request, conversation_id: str) -> Response:
        user: User = request.user  # type: ignore[assignment]
        item = conversation_detail_for_participant(conversation_id=conversation_id, user=user)
        if item is None:
            raise DomainError(MessagingErrorCode.CONVERSATION_NOT_FOUND)
        query = input_validated(MessageListQuerySerializer, request.query_params)
        conversation = item.conversation
        if query["mark_as_read"]:
            services.conversation_mark_read(conversation=conversation, reader=user)
        page = message_list_for_conversation(
            conversation=conversation,
            limit=query["limit"],
            before=query.get("before"),
            after=query.get("after"),
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
        body = input_validated(MessageSendSerializer, request.data)
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
        body = input_validated(ReportCreateSerializer, request.data)
        report = services.report_create(
            reporter=request.user,  # type: ignore[arg-type]
            conversation=conversation,
            reason=body["reason"],
            message_id=body.get("message_id"),
            note=body["note"],
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
        body = input_validated(PartReportCreateSerializer, request.data)
        report = services.part_report_create(
            reporter=request.user,  # type: ignore[arg-type]
            part=part,
            reason=body["reason"],
            note=body["note"],
        )
        return api_success(
            {"report": report_data(report)},
            message=_("Thank you. Our team will review your report."),
            status=201,
        )


class UserReportView(APIView):
    """POST /api/users/{id}/report: anyone logged in reports another user to staff, without a
    conversation or a listing; one open report per reporter and user."""

    permission_classes = [permissions.IsAuthenticated]
    throttle_category = "messaging"
    api_error_statuses = (400, 404)

    @extend_schema(
        operation_id="users_report",
        summary="Report a user to staff (one open report per user; not yourself)",
        request=PartReportCreateSerializer,
        responses={201: envelope(ReportCreatedSerializer(), name="UserReportCreatedEnvelope")},
    )
    def post(self, request: Request, user_id: str) -> Response:
        reported = user_get_reportable(user_id=user_id)
        body = input_validated(PartReportCreateSerializer, request.data)
        report = services.user_report_create(
            reporter=request.user,  # type: ignore[arg-type]
            user=reported,
            reason=body["reason"],
            note=body["note"],
        )
        return api_success(
            {"report": report_data(report)},
            message=_("Thank you. Our team will review your report."),
            status=201,
        )
