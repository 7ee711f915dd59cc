"""Netgsm and İleti Merkezi connected in the Integration Center: "Bağlantıyı test et" asks the
provider's balance endpoint (checked on the wire by the local fakes) and sends no message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from integrations.connections import connection_save, connection_test
from integrations.models import ConnectionStatus, ProviderConnection
from integrations.sms import sms_backend_get
from integrations.tests import fake_turkish_sms as fakes
from integrations.tests.fake_turkish_sms import FakeProvider
from marketplace.models import User

pytestmark = pytest.mark.django_db
ADD_URL = "/yonetim/integrations/providerconnection/add/"


@dataclass(frozen=True)
class Provider:
    kind: str
    fixture: str
    config: dict[str, str]
    secret_name: str
    secret: str
    refused_code: str  # the provider's code for wrong credentials
    down_code: str  # the provider's code for "our system has a problem"


NETGSM = Provider(
    kind="netgsm_sms",
    fixture="fake_netgsm",
    config={"usercode": fakes.NETGSM_USERCODE, "msgheader": fakes.NETGSM_HEADER},
    secret_name="password",
    secret=fakes.NETGSM_PASSWORD,
    refused_code="30",
    down_code="100",
)
ILETI_MERKEZI = Provider(
    kind="iletimerkezi_sms",
    fixture="fake_iletimerkezi",
    config={"api_key": fakes.ILETI_KEY, "sender": fakes.ILETI_SENDER},
    secret_name="api_secret",
    secret=fakes.ILETI_SECRET,
    refused_code="401",
    down_code="503",
)
PROVIDERS = pytest.mark.parametrize("provider", [NETGSM, ILETI_MERKEZI], ids=["netgsm", "ileti"])


@pytest.fixture
def admin(staff_user: User) -> Client:
    client = Client()
    client.force_login(staff_user)
    return client


def _fake(request: pytest.FixtureRequest, provider: Provider) -> FakeProvider:
    fake: FakeProvider = request.getfixturevalue(provider.fixture)
    return fake


def _connect(provider: Provider, *, secret: str | None = None) -> ProviderConnection:
    return connection_save(
        kind=provider.kind,
        config=provider.config,
        secrets={provider.secret_name: provider.secret if secret is None else secret},
        is_enabled=True,
    )


@PROVIDERS
def test_staff_connect_the_provider_and_the_test_reads_the_balance(
    admin: Client, request: pytest.FixtureRequest, provider: Provider
) -> None:
    fake = _fake(request, provider)
    form = admin.get(f"{ADD_URL}?kind={provider.kind}").content.decode()
    assert f'name="{provider.secret_name}"' in form

    response = admin.post(
        f"{ADD_URL}?kind={provider.kind}",
        {**provider.config, provider.secret_name: provider.secret, "is_enabled": "on"},
        follow=True,
    )
    assert response.status_code == 200
    assert "bağlantı çalışıyor" in response.content.decode()
    connection = ProviderConnection.objects.get(kind=provider.kind)
    assert (connection.status, connection.last_check_error) == (ConnectionStatus.ACTIVE, "")
    assert connection.last_checked_at is not None
    assert fake.problems == []
    assert fake.balance_queries == 1
    assert fake.messages == []  # a test sends nothing

    # "Bağlantıyı test et" on the saved connection asks again.
    response = admin.post(
        f"/yonetim/integrations/providerconnection/{connection.pk}/test/", follow=True
    )
    assert "bağlantı çalışıyor" in response.content.decode()
    assert (fake.balance_queries, fake.messages, fake.problems) == (2, [], [])


@PROVIDERS
def test_wrong_credentials_mark_the_connection_as_error(
    admin: Client, request: pytest.FixtureRequest, provider: Provider
) -> None:
    fake = _fake(request, provider)
    connection = _connect(provider, secret="yanlis")
    response = admin.post(
        f"/yonetim/integrations/providerconnection/{connection.pk}/test/", follow=True
    )
    page = response.content.decode()
    assert "bağlantı kurulamadı" in page
    assert "Kimlik bilgileri reddedildi" in page
    assert "yanlis" not in page
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.ERROR
    assert connection.last_check_error.startswith(provider.refused_code + ": ")
    assert connection.last_check_error.endswith("(Kimlik bilgileri reddedildi)")
    assert "yanlis" not in connection.last_check_error
    assert (fake.balance_queries, fake.messages, fake.problems) == (0, [], [])

    # Fixing the secret and testing again brings the connection back.
    connection = _connect(provider)
    assert connection_test(connection=connection).ok
    connection.refresh_from_db()
    assert (connection.status, connection.last_check_error) == (ConnectionStatus.ACTIVE, "")


@PROVIDERS
def test_a_provider_with_a_system_error_is_an_error(
    request: pytest.FixtureRequest, provider: Provider
) -> None:
    fake = _fake(request, provider)
    fake.script = [provider.down_code]
    connection = _connect(provider)
    result = connection_test(connection=connection)
    assert (result.ok, result.error_code, result.error_kind) == (
        False,
        provider.down_code,
        "provider_unavailable",
    )
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.ERROR
    assert connection.last_check_error.endswith("(Sağlayıcı hizmet veremiyor)")
    assert fake.problems == []


@PROVIDERS
def test_a_provider_nobody_answers_for_is_an_error(
    request: pytest.FixtureRequest, provider: Provider, settings: Any
) -> None:
    _fake(request, provider)
    settings.NETGSM_API_BASE_URL = settings.ILETIMERKEZI_API_BASE_URL = "http://127.0.0.1:9"
    connection = _connect(provider)
    result = connection_test(connection=connection)
    assert (result.ok, result.error_kind) == (False, "network_error")
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.ERROR
    assert connection.last_check_error == "ConnectionError (Ağ hatası)"


@PROVIDERS
def test_a_provider_that_does_not_answer_in_time_is_an_error(
    request: pytest.FixtureRequest, provider: Provider, settings: Any
) -> None:
    fake = _fake(request, provider)
    settings.SMS_TIMEOUT_SECONDS = 0.2
    fake.answer_delay = 1.0
    connection = _connect(provider)
    result = connection_test(connection=connection)
    assert (result.ok, result.error_kind) == (False, "timeout")
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.ERROR
    assert connection.last_check_error.endswith("(Zaman aşımı)")


@pytest.mark.parametrize(
    ("provider", "status"),
    [(NETGSM, "balance 57,860, sender BANAYENI"), (ILETI_MERKEZI, "balance 125.50 (1045 SMS)")],
    ids=["netgsm", "ileti"],
)
def test_the_environment_configured_backend_checks_too(
    request: pytest.FixtureRequest, provider: Provider, status: str
) -> None:
    # Without a connection row the backend comes from SMS_BACKEND and its settings.
    fake = _fake(request, provider)
    result = sms_backend_get().check()
    assert (result.ok, result.status) == (True, status)
    assert (fake.balance_queries, fake.messages, fake.problems) == (1, [], [])


def test_netgsm_without_a_balance_record_is_insufficient_balance(
    fake_netgsm: FakeProvider,
) -> None:
    fake_netgsm.script = ["60"]
    result = connection_test(connection=_connect(NETGSM))
    assert (result.ok, result.error_code, result.error_kind) == (
        False,
        "60",
        "insufficient_balance",
    )


def test_netgsm_test_checks_the_sender_name_among_the_approved(fake_netgsm: FakeProvider) -> None:
    result = connection_test(connection=_connect(NETGSM))
    assert (result.ok, result.status) == (True, "balance 57,860, sender BANAYENI")
    assert (fake_netgsm.balance_queries, fake_netgsm.header_queries) == (1, 1)
    assert (fake_netgsm.messages, fake_netgsm.problems) == ([], [])


def test_netgsm_with_an_unapproved_sender_name_is_misconfigured(
    admin: Client, fake_netgsm: FakeProvider
) -> None:
    fake_netgsm.approved_headers = ["BASKAFIRMA"]
    connection = _connect(NETGSM)
    response = admin.post(
        f"/yonetim/integrations/providerconnection/{connection.pk}/test/", follow=True
    )
    assert "bağlantı kurulamadı" in response.content.decode()
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.ERROR
    assert connection.last_check_error == (
        "40: BANAYENI gönderici adı bu hesapta onaylı değil (onaylı olanlar: BASKAFIRMA). "
        "(Gönderici, şablon veya hesap ayarlı değil)"
    )
    assert (fake_netgsm.header_queries, fake_netgsm.messages, fake_netgsm.problems) == (1, [], [])
