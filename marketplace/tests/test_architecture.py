"""Which way the arrows point (STYLE.md): the import contracts in pyproject.toml hold, each one
fails with its name when a module breaks it, and the feature apps have registered with the core
what it used to import from them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from marketplace.account_hooks import registered_effects
from marketplace.health import registered_health_checks

CORE = "The core knows no feature app"
NAMED_MODULES = "Feature apps use each other only through their public modules"
NO_CIRCLES = "No import circles except an app's own services <-> tasks"
ROOT_PACKAGES = (
    "marketplace",
    "parts",
    "interests",
    "messaging",
    "integrations",
    "payments",
    "orders",
    "shipping",
    "reviews",
    "config",
)


def lint_imports(directory: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_import_contracts_are_kept() -> None:
    # A broken contract fails here with its name and the imports that break it.
    result = lint_imports(settings.BASE_DIR)
    assert result.returncode == 0, result.stdout + result.stderr
    for contract in (CORE, NAMED_MODULES, NO_CIRCLES):
        assert f"{contract} KEPT" in result.stdout


@pytest.mark.parametrize(
    ("scratch_modules", "broken", "named"),
    [
        # The example: a core test imports parts.
        (
            {"marketplace/tests/test_scratch.py": "import parts.models\n"},
            CORE,
            "marketplace.tests.test_scratch -> parts.models",
        ),
        (
            {"interests/scratch.py": "from parts.models import Part\n"},
            NAMED_MODULES,
            "interests.scratch -> parts.models (l.1)",
        ),
        (
            {
                "parts/scratch_a.py": "import parts.scratch_b\n",
                "parts/scratch_b.py": "import parts.scratch_a\n",
            },
            NO_CIRCLES,
            "- parts.scratch_a, parts.scratch_b",
        ),
    ],
)
def test_a_module_breaking_a_contract_fails_with_its_name(
    tmp_path: Path, scratch_modules: dict[str, str], broken: str, named: str
) -> None:
    # The scratch modules go into a copy of the code, never into the tree itself.
    for package in ROOT_PACKAGES:
        shutil.copytree(
            Path(settings.BASE_DIR) / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    shutil.copy(Path(settings.BASE_DIR) / "pyproject.toml", tmp_path)
    for path, source in scratch_modules.items():
        (tmp_path / path).write_text(source)
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{broken} BROKEN" in result.stdout
    assert named in result.stdout
    for contract in {CORE, NAMED_MODULES, NO_CIRCLES} - {broken}:
        assert f"{contract} KEPT" in result.stdout


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
