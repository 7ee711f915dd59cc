"""The KPSPublic adapter against a local SOAP server checking the documented wire format."""

from __future__ import annotations

from typing import Any

import pytest

from payments.kps import KpsUnavailable, kps_identity_verify, kps_name
from payments.tests.kps_server import SOAP12, KpsServer

PERSON = (10000000146, "IŞIK", "İNCE", 1985)


def verify(**overrides: Any) -> bool:
    person = {"tckn": "10000000146", "first_name": "ışık", "last_name": "ince", "birth_year": 1985}
    return kps_identity_verify(**{**person, **overrides})


def test_names_are_upper_cased_the_turkish_way() -> None:
    assert kps_name("  ışık   ince ") == "IŞIK İNCE"
    assert kps_name("Çağrı Şükrü") == "ÇAĞRI ŞÜKRÜ"


def test_a_matching_person_is_confirmed_over_soap_1_1(kps: KpsServer) -> None:
    kps.people.add(PERSON)
    assert verify() is True
    request = kps.requests[0]
    assert request["content_type"].startswith("text/xml")
    assert (request["TCKimlikNo"], request["Ad"], request["Soyad"], request["DogumYili"]) == (
        "10000000146",
        "IŞIK",
        "İNCE",
        "1985",
    )


def test_a_person_who_does_not_match_is_denied(kps: KpsServer) -> None:
    kps.people.add(PERSON)
    assert verify(birth_year=1986) is False


def test_soap_1_2_sends_the_action_in_the_content_type(kps: KpsServer, settings: Any) -> None:
    settings.KPS_SOAP_VERSION = "1.2"
    kps.people.add(PERSON)
    assert verify() is True
    assert kps.requests[0]["content_type"].startswith("application/soap+xml")
    assert SOAP12  # the server parsed the 1.2 envelope (problems would fail the fixture)


@pytest.mark.parametrize("mode", ["fault", "html", "slow"])
def test_no_answer_is_unavailable_not_a_no(kps: KpsServer, mode: str, settings: Any) -> None:
    settings.KPS_TIMEOUT_SECONDS = 0.5
    kps.mode = mode
    with pytest.raises(KpsUnavailable):
        verify()


def test_a_closed_port_is_unavailable(settings: Any) -> None:
    settings.KPS_URL = "http://127.0.0.1:9/Service/KPSPublic.asmx"
    with pytest.raises(KpsUnavailable):
        verify()


def test_not_configured_is_unavailable() -> None:
    with pytest.raises(KpsUnavailable):
        verify()
