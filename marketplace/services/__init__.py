"""Writes of the core app, one module per subject: users, sessions (API tokens), phone codes,
privacy (KVKK consents, export, deletion) and moderation (bans)."""

from marketplace.services.users import user_create

__all__ = ["user_create"]
