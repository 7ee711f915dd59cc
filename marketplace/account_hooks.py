"""The account-events registry: what a ban, an unban or a password change does to each feature
app, registered by the app from its AppConfig.ready(); the core calls the registry, never the app.

Every effect runs inside the caller's transaction, in registration (INSTALLED_APPS) order, so an
app can change its rows together with the account (a ban suspends listings) and defers with
`transaction.on_commit` what must wait until the change is visible (closing chat sockets).

- a ban effect is `function(user)`, called with the banned user row (locked, already inactive);
- an unban effect is `function(user)`, called with the user once the ban is lifted;
- a password-change effect is `function(user_id=..., keep_session_key=...)`: everything but the
  browser session `keep_session_key` (None: nothing, as on a reset) must stop letting the user in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import uuid

    from marketplace.models import User


class PasswordChangeEffect(Protocol):
    def __call__(self, *, user_id: uuid.UUID, keep_session_key: str | None) -> None: ...


BanEffect = Callable[["User"], None]
UnbanEffect = Callable[["User"], None]

_ban_effects: dict[str, BanEffect] = {}
_unban_effects: dict[str, UnbanEffect] = {}
_password_change_effects: dict[str, PasswordChangeEffect] = {}


def _register(registry: dict[str, Any], name: str, function: Callable[..., Any]) -> None:
    # The same function again is harmless (ready() may run twice in tests); another one is a bug.
    if registry.get(name, function) is not function:
        raise ValueError(f"Account hooks: {name!r} is already registered")
    registry[name] = function


def register_user_banned(name: str, function: BanEffect) -> None:
    """`function(user)` runs in the ban's transaction."""
    _register(_ban_effects, name, function)


def register_user_unbanned(name: str, function: UnbanEffect) -> None:
    """`function(user)` runs in the unban's transaction."""
    _register(_unban_effects, name, function)


def register_password_changed(name: str, function: PasswordChangeEffect) -> None:
    """`function(user_id=..., keep_session_key=...)` runs in the password change's transaction."""
    _register(_password_change_effects, name, function)


def on_user_banned(*, user: User) -> None:
    """Runs every app's ban effect (in the caller's transaction)."""
    for function in _ban_effects.values():
        function(user)


def on_user_unbanned(*, user: User) -> None:
    """Runs every app's unban effect (in the caller's transaction)."""
    for function in _unban_effects.values():
        function(user)


def on_password_changed(*, user_id: uuid.UUID, keep_session_key: str | None) -> None:
    """Runs every app's password-change effect (in the caller's transaction)."""
    for function in _password_change_effects.values():
        function(user_id=user_id, keep_session_key=keep_session_key)


def registered_effects() -> dict[str, dict[str, str]]:
    """Event -> effect name -> the module that contributes it."""
    return {
        event: {name: function.__module__ for name, function in registry.items()}
        for event, registry in (
            ("user_banned", _ban_effects),
            ("user_unbanned", _unban_effects),
            ("password_changed", _password_change_effects),
        )
    }
