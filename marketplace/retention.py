"""KVKK retention (issue 21): how long each kind of record is kept, and the one beat job that
applies the periods (`marketplace.tasks.retention_apply_task`, daily).

Each app registers its rules from its AppConfig.ready() (the core registers its own in
`marketplace.services.retention`): a name, the period in days (a setting), a Turkish sentence
for the KVKK page (`/kvkk/`, which lists every registered rule, so the page and the job cannot
disagree) and a function that removes what is older than a cut-off and returns how many rows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise

logger = logging.getLogger(__name__)

# purge(*, before) -> rows removed: everything of its kind older than `before`.
Purge = Callable[..., int]


@dataclass(frozen=True)
class RetentionRule:
    name: str
    # What is kept and why, in the KVKK page's words ("%(days)s" is replaced by the period).
    description: str | Promise
    days: Callable[[], int]  # read when applied, so a changed setting takes effect
    purge: Purge


_rules: dict[str, RetentionRule] = {}


def retention_rule_register(rule: RetentionRule) -> None:
    registered = _rules.get(rule.name)
    if registered is not None and registered.purge is not rule.purge:
        raise ValueError(f"Retention: {rule.name!r} is already registered")
    _rules[rule.name] = rule


def retention_rules() -> list[RetentionRule]:
    return list(_rules.values())


def retention_apply(*, now: datetime | None = None) -> dict[str, int]:
    """Applies every rule as of `now`; each in its own transaction, so one failing rule does
    not keep the others from running (it is logged and retried by the next day's run)."""
    now = now or timezone.now()
    removed: dict[str, int] = {}
    for rule in _rules.values():
        before = now - timedelta(days=rule.days())
        try:
            with transaction.atomic():
                removed[rule.name] = rule.purge(before=before)
        except Exception:
            logger.exception("retention rule %s failed", rule.name)
            removed[rule.name] = -1
    logger.info("retention applied", extra={"removed": removed})
    return removed
