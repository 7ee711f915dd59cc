"""Pages of interest-gating: the detail page's two buttons, the buyer's history, the seller's list
of interested buyers and "Telefonumu paylaş". All work without JavaScript."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from interests.models import InterestType
from interests.selectors import interest_list_for_seller_part, interest_list_for_user
from interests.services import (
    PHONE_SHARED_MESSAGE,
    WITHDRAWN_MESSAGE,
    interest_express,
    interest_withdraw,
    seller_phone_approve,
)
from marketplace.errors import DomainError, ErrorCode
from marketplace.models import User
from messaging.selectors import conversation_path as conversation_url
from parts.error_codes import PartErrorCode
from parts.selectors import part_get_visible

HISTORY_PAGE_SIZE = 20


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
@require_POST
def interest_express_page(request: HttpRequest, part_id: uuid.UUID) -> HttpResponse:
    """ "İlgileniyorum" lands on the conversation, "İlgilenmiyorum" back on the search results."""
    try:
        result = interest_express(
            user=_user(request), part_id=part_id, type=request.POST.get("type")
        )
    except DomainError as error:
        if error.code == PartErrorCode.PART_NOT_FOUND:
            raise Http404 from None
        messages.error(request, str(error.message))
        conversation_id = (error.details or {}).get("conversation_id")
        if conversation_id:
            return redirect(conversation_url(conversation_id))
        part = part_get_visible(part_id=part_id, viewer=_user(request))
        return redirect("parts:detail", slug=part.slug)
    messages.success(request, str(result.message))
    if result.conversation is not None:
        return redirect(conversation_url(result.conversation.pk))
    return redirect("parts:results")


@login_required
@require_safe
def interest_history(request: HttpRequest) -> HttpResponse:
    type_filter = request.GET.get("type") or None
    if type_filter not in (None, *InterestType.values):
        type_filter = None
    interests = interest_list_for_user(user=_user(request), type=type_filter)
    page = Paginator(interests, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    for interest in page:
        if interest.conversation_id is not None:  # type: ignore[attr-defined]
            interest.conversation_url = conversation_url(interest.conversation_id)  # type: ignore[attr-defined]
    return render(
        request,
        "interests/history.html",
        {"page": page, "type_filter": type_filter, "types": InterestType.choices},
    )


@login_required
@require_POST
def interest_withdraw_page(request: HttpRequest, interest_id: uuid.UUID) -> HttpResponse:
    try:
        interest_withdraw(user=_user(request), interest_id=interest_id)
    except DomainError as error:
        if error.code == ErrorCode.NOT_FOUND:
            raise Http404 from None
        messages.error(request, str(error.message))
    else:
        messages.success(request, str(WITHDRAWN_MESSAGE))
    return redirect("interests:history")


@login_required
@require_safe
def part_interest_list(request: HttpRequest, part_id: uuid.UUID) -> HttpResponse:
    """The seller's view of who answered "İlgileniyorum" to one listing (owner only)."""
    try:
        part, interests = interest_list_for_seller_part(seller=_user(request), part_id=part_id)
    except DomainError:
        raise Http404 from None
    for interest in interests:
        if interest.conversation_id is not None:  # type: ignore[attr-defined]
            interest.conversation_url = conversation_url(interest.conversation_id)  # type: ignore[attr-defined]
    return render(request, "interests/part_interests.html", {"part": part, "interests": interests})


@login_required
@require_POST
def seller_phone_share_page(request: HttpRequest, conversation_id: uuid.UUID) -> HttpResponse:
    try:
        conversation = seller_phone_approve(seller=_user(request), conversation_id=conversation_id)
    except DomainError as error:
        if error.code != ErrorCode.PHONE_NOT_VERIFIED:
            raise Http404 from None
        messages.error(request, str(error.message))
        return redirect(f"{reverse('phone:verify')}?next={conversation_url(conversation_id)}")
    messages.success(request, str(PHONE_SHARED_MESSAGE))
    if request.POST.get("return_to") == "conversation":
        return redirect(conversation_url(conversation.pk))
    return redirect("interests:part-interests", part_id=conversation.part_id)
