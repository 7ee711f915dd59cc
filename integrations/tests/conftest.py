"""Fixtures of the integrations tests."""

from integrations.tests.fake_twilio import fake_twilio, sms_outbox  # noqa: F401 - fixtures
