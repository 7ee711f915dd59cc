"""`{% interest_actions part %}`: the detail page's "İlgileniyorum" / "İlgilenmiyorum" block."""

from __future__ import annotations

from typing import Any

from django import template

from interests.selectors import interest_get_for_part
from messaging.selectors import conversation_path as conversation_url
from parts.selectors import Part

register = template.Library()


@register.inclusion_tag("interests/_part_actions.html", takes_context=True)
def interest_actions(context: template.Context, part: Part) -> dict[str, Any]:
    """What the viewer may do: log in, answer (two POST forms), see their answer, or, as the
    seller, open the list of interested buyers."""
    request = context["request"]
    user = request.user
    state: dict[str, Any] = {"part": part, "request": request}
    if not user.is_authenticated:
        state["mode"] = "anonymous" if part.is_public else "closed"
    elif user.pk == part.seller_id:
        state["mode"] = "owner"
    else:
        interest = interest_get_for_part(user=user, part_id=part.pk)
        if interest is not None:
            state["mode"] = "answered"
            state["interest"] = interest
            if interest.conversation_id is not None:  # type: ignore[attr-defined]
                state["conversation_url"] = conversation_url(interest.conversation_id)  # type: ignore[attr-defined]
        elif part.is_public:
            state["mode"] = "ask"
        else:
            state["mode"] = "closed"
    return state
