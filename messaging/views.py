"""The chat's pages: the inbox and one conversation (history, a form that works without
JavaScript, close / block / report). The live updates come from static/js/chat.js."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from marketplace.errors import DomainError, ErrorCode
from marketplace.models import User
from marketplace.timestamps import timestamp_parse
from messaging import services
from messaging.models import MESSAGE_MAX_LENGTH, ReportReason
from messaging.selectors import (
    ConversationItem,
    conversation_detail_for_participant,
    conversation_list_for_user,
    conversation_panels,
    message_list_for_conversation,
    user_block_state,
)
from parts.selectors import part_get_visible

INBOX_PAGE_SIZE = 30
PAGE_MESSAGES = 50


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _offset(request: HttpRequest) -> int:
    try:
        return max(0, min(int(request.GET.get("offset", "0")), 10_000))
    except ValueError:
        return 0


@login_required
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    offset = _offset(request)
    page = conversation_list_for_user(user=_user(request), limit=INBOX_PAGE_SIZE, offset=offset)
    context = {
        "page": page,
        "previous_offset": max(offset - INBOX_PAGE_SIZE, 0) if offset else None,
        "next_offset": offset + INBOX_PAGE_SIZE if page.has_more else None,
    }
    return render(request, "messaging/inbox.html", context)


def _participant_item(request: HttpRequest, conversation_id: uuid.UUID) -> ConversationItem:
    item = conversation_detail_for_participant(conversation_id=conversation_id, user=_user(request))
    if item is None:
        raise Http404
    return item


def _conversation_page(
    request: HttpRequest,
    item: ConversationItem,
    *,
    content: str = "",
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    conversation = item.conversation
    before = timestamp_parse(request.GET.get("before", ""))  # one that is not is ignored
    page = message_list_for_conversation(
        conversation=conversation, limit=PAGE_MESSAGES, before=before
    )
    blocked_by_me, blocked_me = user_block_state(user=user, other=item.other_user)
    context: dict[str, Any] = {
        "item": item,
        "conversation": conversation,
        "part": conversation.part,
        "images": list(conversation.part.images.all()),
        "other_user": item.other_user,
        "chat_messages": page.messages,
        "has_older": page.has_more,
        "older_before": page.oldest_message_timestamp,
        "blocked_by_me": blocked_by_me,
        "blocked": blocked_by_me or blocked_me,
        "can_write": conversation.status == "active" and not (blocked_by_me or blocked_me),
        "show_seller_phone": item.user_role == "buyer"
        and conversation.seller_phone_shared_at is not None
        and bool(conversation.seller.phone),
        "content": content,
        "error": error,
        "max_length": MESSAGE_MAX_LENGTH,
        "report_reasons": ReportReason.choices,
        "panels": conversation_panels(request=request, conversation=conversation, viewer=user),
    }
    return render(request, "messaging/conversation.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def conversation_page(request: HttpRequest, conversation_id: uuid.UUID) -> HttpResponse:
    """GET shows the history and marks it read; POST sends the form's message (then redirects)."""
    item = _participant_item(request, conversation_id)
    if request.method == "POST":
        content = request.POST.get("content", "")
        try:
            services.message_send(
                conversation_id=item.conversation.pk, sender=_user(request), content=content
            )
        except DomainError as failure:
            return _conversation_page(
                request,
                item,
                content=content,
                error=str(_form_error(failure)),
                status=failure.status,
            )
        return redirect("messaging:conversation", conversation_id=conversation_id)
    services.conversation_mark_read(conversation=item.conversation, reader=_user(request))
    return _conversation_page(request, item)


def _form_error(failure: DomainError) -> str:
    if failure.code == ErrorCode.VALIDATION_ERROR and failure.details:
        # The field's own message ("Write a message.") says more than "Invalid form data".
        for problems in failure.details.values():
            if problems:
                return str(problems[0])
    return str(failure.message)


@login_required
@require_POST
def conversation_close(request: HttpRequest, conversation_id: uuid.UUID) -> HttpResponse:
    item = _participant_item(request, conversation_id)
    services.conversation_close(conversation=item.conversation, actor=_user(request))
    messages.success(request, gettext("Conversation closed"))
    return redirect("messaging:conversation", conversation_id=conversation_id)


@login_required
@require_POST
def conversation_block(request: HttpRequest, conversation_id: uuid.UUID) -> HttpResponse:
    item = _participant_item(request, conversation_id)
    services.user_block(blocker=_user(request), conversation=item.conversation)
    messages.success(request, gettext("User blocked"))
    return redirect("messaging:conversation", conversation_id=conversation_id)


@login_required
@require_POST
def conversation_unblock(request: HttpRequest, conversation_id: uuid.UUID) -> HttpResponse:
    item = _participant_item(request, conversation_id)
    services.user_unblock(blocker=_user(request), blocked_id=item.other_user.pk)
    messages.success(request, gettext("Block removed"))
    return redirect("messaging:conversation", conversation_id=conversation_id)


@login_required
@require_POST
def conversation_report(request: HttpRequest, conversation_id: uuid.UUID) -> HttpResponse:
    item = _participant_item(request, conversation_id)
    try:
        services.report_create(
            reporter=_user(request),
            conversation=item.conversation,
            reason=request.POST.get("reason", ""),
            message_id=request.POST.get("message_id") or None,
            note=request.POST.get("note", ""),
        )
    except DomainError as failure:
        messages.error(request, _form_error(failure))
        return redirect("messaging:conversation", conversation_id=conversation_id)
    messages.success(request, gettext("Thank you. Our team will review your report."))
    return redirect("messaging:conversation", conversation_id=conversation_id)


@login_required
@require_POST
def part_report(request: HttpRequest, part_id: uuid.UUID) -> HttpResponse:
    """ "Bu ilanı şikâyet et" from a listing's page (no interest needed)."""
    try:
        part = part_get_visible(part_id=part_id, viewer=_user(request))
    except DomainError:
        raise Http404 from None
    try:
        services.part_report_create(
            reporter=_user(request),
            part=part,
            reason=request.POST.get("reason", ""),
            note=request.POST.get("note", ""),
        )
    except DomainError as failure:
        messages.error(request, _form_error(failure))
    else:
        messages.success(request, gettext("Thank you. Our team will review your report."))
    return redirect("parts:detail", slug=part.slug)
