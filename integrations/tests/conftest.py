"""Fixtures of the integrations tests."""

from typing import Any

import pytest

from integrations.tests.fake_brevo import fake_brevo  # noqa: F401 - fixtures
from integrations.tests.fake_meta import fake_meta  # noqa: F401 - fixtures
from integrations.tests.fake_twilio import fake_twilio, sms_outbox  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def _no_quiet_hours(settings: Any) -> None:
    """Deliveries happen whatever the clock says; the quiet-hours tests switch them back on."""
    settings.NOTIFICATION_QUIET_HOURS = (0, 0)


from integrations.tests.fake_turkish_sms import fake_iletimerkezi, fake_netgsm  # noqa: E402, F401
