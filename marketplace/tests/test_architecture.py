"""Which way the arrows point (STYLE.md): the import contracts in pyproject.toml hold, and the
feature apps have registered with the core what it used to import from them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from django.conf import settings

from marketplace.account_hooks import registered_effects
from marketplace.health import registered_health_checks


def test_import_contracts_are_kept() -> None:
    # A broken contract fails here with its name ("The core knows no feature app") and the chain
    # of imports that breaks it.
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The core knows no feature app KEPT" in result.stdout


def test_feature_apps_register_their_account_effects() -> None:
    assert registered_effects() == {
        "user_banned": {
            "listings": "parts.account_effects",
            "chat_sockets": "messaging.account_effects",
        },
        "user_unbanned": {"listings": "parts.account_effects"},
        "password_changed": {"chat_sockets": "messaging.account_effects"},
    }


def test_messaging_registers_the_channel_layer_health_check() -> None:
    assert registered_health_checks() == {"channel_layer": "messaging.realtime"}
