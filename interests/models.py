"""One answer per buyer and listing: interested (opens a chat) or not interested (hides it)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InterestType(models.TextChoices):
    INTERESTED = "interested", _("Interested")
    NOT_INTERESTED = "not_interested", _("Not interested")


class Interest(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interests"
    )
    part = models.ForeignKey("parts.Part", on_delete=models.CASCADE, related_name="interests")
    type = models.CharField(_("answer"), max_length=20, choices=InterestType.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        constraints = [
            # One answer per user per part, even under concurrent double-clicks.
            models.UniqueConstraint(fields=["user", "part"], name="interest_one_per_user_part"),
            models.CheckConstraint(
                condition=models.Q(type__in=InterestType.values), name="interest_type_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.type} {self.part_id}"
