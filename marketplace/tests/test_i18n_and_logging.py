"""Every user-facing text has its Turkish translation; every log line is JSON with a request id."""

from __future__ import annotations

import io
import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

BASE_DIR = Path(__file__).resolve().parents[2]
PO_FILE = BASE_DIR / "locale" / "tr" / "LC_MESSAGES" / "django.po"


def _messages(po_file: Path) -> dict[str, str]:
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale="tr")
    messages: dict[str, str] = {}
    for message in catalog:
        if not message.id or "fuzzy" in message.flags:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        text = message.string if isinstance(message.string, str) else (message.string or [""])[0]
        messages[msgid] = text
    return messages


def test_every_message_in_the_po_file_is_translated() -> None:
    with PO_FILE.open("rb") as handle:
        catalog = read_po(handle, locale="tr")
    untranslated = [m.id for m in catalog if m.id and (not m.string or "fuzzy" in m.flags)]
    assert not untranslated, f"Untranslated or fuzzy: {untranslated}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="makemessages needs gettext")
def test_no_user_facing_text_is_missing_from_the_po_file(tmp_path: Path) -> None:
    copy = tmp_path / "project"
    shutil.copytree(
        BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "staticfiles", "media", ".run", "*.sqlite3*"
        ),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "tr", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        timeout=120,
    )
    extracted = _messages(copy / "locale" / "tr" / "LC_MESSAGES" / "django.po")
    missing = sorted(msgid for msgid, text in extracted.items() if not text)
    assert not missing, f"Add Turkish translations to {PO_FILE}: {missing}"


def test_contract_messages_are_the_seeds_turkish() -> None:
    from django.utils import translation

    from marketplace.errors import ErrorCode, error_code_lookup

    # The feature apps' codes, by name: the core's tests import no feature app.
    own_part_interest = error_code_lookup("OWN_PART_INTEREST")
    message_too_long = error_code_lookup("MESSAGE_TOO_LONG")
    assert own_part_interest is not None
    assert message_too_long is not None

    with translation.override("tr"):
        assert str(ErrorCode.VALIDATION_ERROR.message) == "Geçersiz form verisi"
        assert str(own_part_interest.message) == ("Kendi parçanıza ilgi bildiremezsiniz")
        assert str(message_too_long.message) == ("Mesaj çok uzun (max 2000 karakter)")
        assert str(ErrorCode.RATE_LIMITED.message) == "Çok fazla istek. Lütfen bekleyin."


@pytest.mark.django_db
def test_log_lines_are_json_with_the_request_id(client) -> None:
    console = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(console.formatter)
    for log_filter in console.filters:
        handler.addFilter(log_filter)
    logging.getLogger().addHandler(handler)
    try:
        client.get("/api/olmayan", headers={"X-Request-ID": "izlenen-istek-1"})
    finally:
        logging.getLogger().removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    request_line = next(line for line in lines if line["message"] == "request")
    assert request_line["request_id"] == "izlenen-istek-1"
    assert request_line["path"] == "/api/olmayan"
    assert request_line["status"] == 404
    assert all(line["request_id"] == "izlenen-istek-1" for line in lines)
