"""Every Python source file stays small enough to hold in one's head: under 600 lines (issue 18).

A file that grows past that becomes a package or splits by concern (STYLE.md, "Layout of an
app"), as config/settings/, parts/demo.py and parts/tests/test_views.py did.
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
LIMIT = 600  # lines; a file must stay under it
# Not source we write, or not ours at all.
SKIPPED_DIRECTORIES = {
    ".git",
    ".venv",
    "venv",
    "node_modules",
    "staticfiles",
    "media",
    "migrations",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".run",
}


def python_sources() -> list[Path]:
    found: list[Path] = []
    for directory, subdirectories, files in os.walk(BASE_DIR):
        subdirectories[:] = [name for name in subdirectories if name not in SKIPPED_DIRECTORIES]
        found.extend(Path(directory, name) for name in files if name.endswith(".py"))
    return found


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_python_sources_are_found() -> None:
    names = {path.relative_to(BASE_DIR).as_posix() for path in python_sources()}
    assert {"manage.py", "config/settings/base.py", "parts/demo.py"} <= names
    assert not any(name.startswith((".venv/", "staticfiles/")) for name in names)
    assert not any("/migrations/" in name for name in names)


def test_no_source_file_reaches_600_lines() -> None:
    too_long = sorted(
        f"{path.relative_to(BASE_DIR).as_posix()}: {lines} lines"
        for path in python_sources()
        if (lines := line_count(path)) >= LIMIT
    )
    assert not too_long, (
        f"Python files must stay under {LIMIT} lines; split these by concern or make them a "
        "package:\n" + "\n".join(too_long)
    )
