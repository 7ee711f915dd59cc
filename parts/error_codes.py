"""The parts catalogue's error codes (seed 002 business codes), registered with the core."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainErrorCode, error_codes_register


class PartErrorCode(DomainErrorCode):
    PART_NOT_FOUND = ("PART_NOT_FOUND", 404, _("Part not found"))
    INVALID_PART_REFERENCE = ("INVALID_PART_REFERENCE", 400, _("Invalid part reference number"))
    PART_IMAGE_NOT_FOUND = ("PART_IMAGE_NOT_FOUND", 404, _("Photo not found"))
    PART_NOT_RENEWABLE = (
        "PART_NOT_RENEWABLE",
        409,
        _("Only a live, paused or expired listing can be renewed."),
    )


error_codes_register(PartErrorCode)
