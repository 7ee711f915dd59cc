"""Signal receivers of the messaging app: a browser logout ends that session's chat sockets."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest

from messaging.realtime import user_session_sockets_close


@receiver(user_logged_out, dispatch_uid="messaging.session_sockets_close")
def session_sockets_close_on_logout(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    # Django sends this before it flushes the session, so the key is still the one the sockets
    # were opened with.
    session = getattr(request, "session", None)
    session_key = getattr(session, "session_key", None)
    if user is None or not getattr(user, "pk", None) or not session_key:
        return
    user_session_sockets_close(user_id=user.pk, session_key=session_key)
