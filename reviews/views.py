"""Reviews' pages: the rating form and the review on an order's page (a panel orders renders),
the seller's answer, a card on the conversation, and a seller's public reviews page."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST, require_safe

from marketplace.errors import DomainError
from marketplace.models import User
from orders.error_codes import OrderErrorCode
from orders.selectors import Order, OrderState, order_for_conversation
from parts.selectors import seller_display_name, seller_page_path
from reviews import services
from reviews.error_codes import ReviewErrorCode
from reviews.models import COMMENT_MAX, RATING_MAX, RATING_MIN, REPLY_MAX
from reviews.selectors import (
    review_for_order,
    review_order_id,
    seller_get_public,
    seller_rating_summary,
    seller_reviews_visible,
)
from reviews.seller_profile import seller_listings_page, seller_profile_get

PAGE_SIZE = 20
# What the user typed, kept across the redirect back to the order page when it was refused.
DRAFT_SESSION_KEY = "reviews_draft"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _error_text(error: DomainError) -> str:
    problems = [str(text) for texts in (error.details or {}).values() for text in texts]
    unique = [text for text in dict.fromkeys(problems) if text != str(error.message)]
    return " ".join([str(error.message), *unique])


def _order_path(order_id: Any) -> str:
    return reverse("orders:detail", kwargs={"order_id": order_id}) + "#degerlendirme"


def _draft_keep(request: HttpRequest, *, key: str, values: dict[str, str]) -> None:
    request.session[DRAFT_SESSION_KEY] = {"key": key, **values}


def _draft_take(request: HttpRequest, *, key: str) -> dict[str, str]:
    draft = request.session.get(DRAFT_SESSION_KEY)
    if not isinstance(draft, dict) or draft.get("key") != key:
        return {}
    del request.session[DRAFT_SESSION_KEY]
    return draft


def order_review_panel(request: HttpRequest, order: Order, viewer: User) -> str:
    """On the order's page: the rating form for the buyer of a completed order, the review for
    both participants, the answer form for the seller."""
    review = review_for_order(order_id=order.pk)
    is_buyer = viewer.pk == order.buyer_id
    can_review = is_buyer and review is None and order.state == OrderState.COMPLETED
    if review is None and not can_review:
        return ""
    can_reply = review is not None and viewer.pk == review.seller_id and not review.has_reply
    draft = _draft_take(request, key=str(review.pk if review else order.pk))
    return render_to_string(
        "reviews/_order_panel.html",
        {
            "order": order,
            "review": review,
            "can_review": can_review,
            "can_reply": can_reply,
            "is_buyer": is_buyer,
            "draft": draft,
            "ratings": range(RATING_MAX, RATING_MIN - 1, -1),
            "comment_max": COMMENT_MAX,
            "reply_max": REPLY_MAX,
        },
        request=request,
    )


def conversation_review_panel(request: HttpRequest, conversation: Any, viewer: User) -> str:
    """On a conversation whose latest order is completed: its review, or the buyer's invitation
    to rate the seller on the order's page."""
    order = order_for_conversation(conversation_id=conversation.pk)
    if order is None or order.state != OrderState.COMPLETED:
        return ""
    review = review_for_order(order_id=order.pk)
    if review is None and viewer.pk != order.buyer_id:
        return ""
    return render_to_string(
        "reviews/_conversation_card.html",
        {"order": order, "review": review, "order_url": _order_path(order.pk)},
        request=request,
    )


@login_required
@require_POST
def review_create_page(request: HttpRequest, order_id: uuid.UUID) -> HttpResponseBase:
    rating = request.POST.get("rating", "")
    comment = request.POST.get("comment", "")
    try:
        services.review_create(
            order_id=order_id, buyer=_user(request), rating=rating or None, comment=comment
        )
    except DomainError as error:
        if error.code == OrderErrorCode.ORDER_NOT_FOUND:
            raise Http404 from None
        messages.error(request, _error_text(error))
        _draft_keep(request, key=str(order_id), values={"rating": rating, "comment": comment})
    else:
        messages.success(request, gettext("Thank you! Your review is published."))
    return redirect(_order_path(order_id))


@login_required
@require_POST
def review_reply_page(request: HttpRequest, review_id: uuid.UUID) -> HttpResponseBase:
    text = request.POST.get("text", "")
    try:
        review = services.review_reply(review_id=review_id, seller=_user(request), text=text)
    except DomainError as error:
        if error.code in (ReviewErrorCode.REVIEW_NOT_FOUND, ReviewErrorCode.REPLY_NOT_ALLOWED):
            raise Http404 from None
        messages.error(request, _error_text(error))
        _draft_keep(request, key=str(review_id), values={"text": text})
        return redirect(_order_path(review_order_id(review_id=review_id)))
    messages.success(request, gettext("Your answer is published."))
    return redirect(_order_path(review.order_id))


@require_safe
def seller_reviews_page(request: HttpRequest, user_id: uuid.UUID) -> HttpResponse:
    try:
        seller = seller_get_public(user_id=user_id)
    except DomainError:
        raise Http404 from None
    try:
        offset = max(int(request.GET.get("offset", "0")), 0)
    except ValueError:
        offset = 0
    page = seller_reviews_visible(seller_id=seller.pk, limit=PAGE_SIZE, offset=offset)
    summary = seller_rating_summary(seller_id=seller.pk)
    return render(
        request,
        "reviews/seller.html",
        {
            "seller": seller,
            "seller_name": seller_display_name(seller),
            "seller_url": seller_page_path(seller.pk),
            "summary": summary,
            "distribution": [
                (stars, times, round(100 * times / summary.count) if summary.count else 0)
                for stars, times in summary.distribution.items()
            ],
            "reviews": page.reviews,
            "next_offset": offset + PAGE_SIZE if offset + PAGE_SIZE < page.total else None,
            "previous_offset": max(offset - PAGE_SIZE, 0) if offset else None,
        },
    )


def _duration_text(seconds: int | None) -> str:
    """ "12 dakika", "3 saat", "2 gün": how long a seller usually takes to answer."""
    if seconds is None:
        return ""
    minutes = max(round(seconds / 60), 1)
    if minutes < 60:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    hours = round(seconds / 3600)
    if hours < 48:
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    days = round(seconds / 86400)
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


def _offset(request: HttpRequest) -> int:
    try:
        return max(int(request.GET.get("offset", "0")), 0)
    except ValueError:
        return 0


@require_safe
def seller_profile_page(request: HttpRequest, user_id: uuid.UUID) -> HttpResponse:
    """`/satici/<id>/`: anyone may look a seller up; no private data (reviews.seller_profile)."""
    try:
        profile = seller_profile_get(user_id=user_id)
    except DomainError:
        raise Http404 from None
    offset = _offset(request)
    viewer = request.user if request.user.is_authenticated else None
    listings = seller_listings_page(
        seller_id=profile.id,
        viewer=viewer,
        limit=PAGE_SIZE,
        offset=offset,
    )
    return render(
        request,
        "reviews/seller_profile.html",
        {
            "profile": profile,
            "listings": listings,
            "median_response": _duration_text(profile.response.median_seconds),
            "next_offset": offset + PAGE_SIZE if offset + PAGE_SIZE < listings.total else None,
            "previous_offset": max(offset - PAGE_SIZE, 0) if offset else None,
        },
    )
