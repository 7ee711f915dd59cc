"""Notifications: what each event is (events), who gets it on which channel (routing), the text
(rendering), the provider call per channel (channels). The writes live in integrations.services."""
