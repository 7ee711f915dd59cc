"""Signals of the interests app, sent after commit, for listeners that react to an answer.

Nothing is sent for a rolled-back change. The users' notifications do not hang on these: the
services record them in the notification outbox inside their own transaction
(`integrations.services.notification_enqueue`), so connect here only for other reactions.
"""

from __future__ import annotations

from django.dispatch import Signal

# A buyer answered `interested` and their conversation with the seller exists (the seller's
# `interest_received` notification is already in the outbox).
# Sent with `sender=Interest`, `interest=<Interest>`, `conversation=<Conversation>`.
interest_expressed = Signal()

# A seller approved showing their phone to one buyer ("Telefonumu paylaş"), the first time (the
# buyer's `interest_approved` notification is already in the outbox).
# Sent with `sender=Conversation`, `conversation=<Conversation>`, `seller=<User>`.
seller_phone_shared = Signal()
