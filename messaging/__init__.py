"""Buyer-seller conversations and live chat."""
