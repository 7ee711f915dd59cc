"""The KVKK registry: each feature app adds its part of a user's data export and of an account
deletion here, from its AppConfig.ready(); the core calls the registry, never the app.

An export section is a function of the user returning JSON-ready data, stored in the export under
its name. An erasure is a function of the user that removes or anonymises what the app holds
about them; it runs inside the deletion's transaction, before the core wipes the user row (so
the user's relations are still there to follow), and may return a count for the deletion log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from marketplace.models import User

ExportSection = Callable[["User"], Any]
Erasure = Callable[["User"], int | None]

_exports: dict[str, ExportSection] = {}
_erasures: dict[str, Erasure] = {}


def _register(registry: dict[str, Any], name: str, function: Callable[..., Any]) -> None:
    # The same function again is harmless (ready() may run twice in tests); another one is a bug.
    if registry.get(name, function) is not function:
        raise ValueError(f"KVKK registry: {name!r} is already registered")
    registry[name] = function


def register_export(name: str, function: ExportSection) -> None:
    """`function(user)` becomes the export's `name` section."""
    _register(_exports, name, function)


def register_erasure(name: str, function: Erasure) -> None:
    """`function(user)` runs when the user's account is deleted."""
    _register(_erasures, name, function)


def export_sections(*, user: User) -> dict[str, Any]:
    """Every app's section of the user's data export, in registration (INSTALLED_APPS) order."""
    return {name: function(user) for name, function in _exports.items()}


def erasures_run(*, user: User) -> dict[str, int]:
    """Runs every app's erasure for the user (in the caller's transaction); their counts."""
    counts: dict[str, int] = {}
    for name, function in _erasures.items():
        counts[name] = function(user) or 0
    return counts


def registered_exports() -> dict[str, str]:
    """Section name -> the module that contributes it."""
    return {name: function.__module__ for name, function in _exports.items()}


def registered_erasures() -> dict[str, str]:
    """Erasure name -> the module that contributes it."""
    return {name: function.__module__ for name, function in _erasures.items()}
