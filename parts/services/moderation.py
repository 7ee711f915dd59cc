"""Moderation by risk score: every create, edit and processed photo scores the listing again
(parts.risk); at `settings.LISTING_REVIEW_THRESHOLD` a live listing waits for staff.

Staff's decisions on the waiting listings are `parts.services.review`.
"""

from __future__ import annotations

import uuid

from django.db import transaction

from parts.models import BannedWord, Part, PartStatus
from parts.risk import RiskAssessment, banned_word_fold, part_risk_assess


@transaction.atomic
def part_moderation_check(*, part_id: uuid.UUID) -> RiskAssessment | None:
    """Scores the listing and stores why; moves it between active and pending review.

    An active listing over the threshold waits for review (it leaves search: `LIVE` needs
    active). A listing that waits only because of its score goes live again once an edit brings
    it under the threshold; one sent back after a rejection (its reason is kept until staff
    look) waits whatever its score. Paused and sold listings keep their status: reactivating
    one checks the score (`part_status_change`)."""
    part = Part.objects.select_for_update().select_related("seller").filter(pk=part_id).first()
    if part is None or part.status == PartStatus.DELETED:
        return None
    assessment = part_risk_assess(part=part)
    part.risk_score = assessment.score
    part.risk_reasons = [signal.as_dict() for signal in assessment.signals]
    part.text_fingerprint = assessment.text_fingerprint
    if part.status == PartStatus.ACTIVE and assessment.needs_review:
        part.status = PartStatus.PENDING_REVIEW
    elif (
        part.status == PartStatus.PENDING_REVIEW
        and not assessment.needs_review
        and not part.rejection_reason
    ):
        part.status = PartStatus.ACTIVE
    part.save(update_fields=["risk_score", "risk_reasons", "text_fingerprint", "status"])
    return assessment


@transaction.atomic
def banned_word_save(*, banned_word: BannedWord) -> BannedWord:
    """Stores a staff-edited banned phrase with its folded form (the form listings are matched
    in). Listings already published are not scored again: the word counts from their next edit."""
    banned_word.phrase = " ".join(banned_word.phrase.split())
    banned_word.phrase_folded = banned_word_fold(banned_word.phrase)
    banned_word.save()
    return banned_word
