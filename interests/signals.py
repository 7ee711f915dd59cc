"""Signals of the interests app, sent after commit for the notifications that follow an answer.

Receivers (the notifications issue) connect to these; nothing is sent for a rolled-back change.
"""

from __future__ import annotations

from django.dispatch import Signal

# A buyer answered `interested` and their conversation with the seller exists.
# Sent with `sender=Interest`, `interest=<Interest>`, `conversation=<Conversation>`.
# The seller's notification (seed 000 "interest_notification": "Merhaba {{seller_name}},
# {{part_name}} parçanıza {{buyer_name}} ilgi gösterdi.") is meant to hang on this signal.
interest_expressed = Signal()

# A seller approved showing their phone to one buyer ("Telefonumu paylaş"), the first time.
# Sent with `sender=Conversation`, `conversation=<Conversation>`, `seller=<User>`.
# The buyer's approval notification (seed 000 "approval_notification", see
# `interests.selectors.approval_notification_text`) is meant to hang on this signal.
seller_phone_shared = Signal()
