"""Removing stored files (local disk or S3) once the rows that named them are gone."""

from __future__ import annotations

import logging

from django.core.files.storage import default_storage

logger = logging.getLogger(__name__)


def stored_files_delete(*names: str | None) -> None:
    """Deletes each named file; a missing file or a storage hiccup is logged, never raised, so
    it cannot undo the deletion that was already committed."""
    for name in filter(None, names):
        try:
            default_storage.delete(name)
        except Exception:
            logger.warning("Could not delete stored file %s", name, exc_info=True)
