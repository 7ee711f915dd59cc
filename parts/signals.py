"""Signals of the parts catalogue, so its services need not import the Celery tasks that call them.

`part_image_uploaded` is sent after the upload's commit, with `sender=PartImage` and `image_id`;
`parts.receivers` queues `parts.tasks.part_image_process_task` for it.
"""

from __future__ import annotations

from django.dispatch import Signal

part_image_uploaded = Signal()
