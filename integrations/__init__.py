"""Notification providers, the outbox and the Integration Center."""
