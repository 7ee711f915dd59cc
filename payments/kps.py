"""NVİ's public identity check (KPSPublic `TCKimlikNoDogrula`) over SOAP, with zeep.

The operation takes a TC kimlik no (xs:long), the first name(s) and surname upper-cased by Turkish
rules ("ışık" -> "IŞIK", "ince" -> "İNCE") and the birth year (xs:int), and answers whether they
belong together. The WSDL is bundled (payments/wsdl/KPSPublic.wsdl: namespace
http://tckimlik.nvi.gov.tr/WS, SOAPAction http://tckimlik.nvi.gov.tr/WS/TCKimlikNoDogrula, SOAP
1.1 binding `KPSPublicSoap` and 1.2 `KPSPublicSoap12`); the address comes from KPS_URL (empty:
the check is not configured). Anything but a true/false answer (timeout, connection error, HTTP
error, SOAP fault, an answer that is not the operation's) is `KpsUnavailable`: the caller keeps
the profile and checks again later.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import requests
from django.conf import settings
from zeep import Client, Settings
from zeep.exceptions import Error as ZeepError
from zeep.proxy import ServiceProxy
from zeep.transports import Transport

from marketplace.text import turkish_upper

logger = logging.getLogger(__name__)

WSDL_PATH = Path(__file__).resolve().parent / "wsdl" / "KPSPublic.wsdl"
NAMESPACE = "http://tckimlik.nvi.gov.tr/WS"
BINDINGS = {"1.1": f"{{{NAMESPACE}}}KPSPublicSoap", "1.2": f"{{{NAMESPACE}}}KPSPublicSoap12"}


class KpsUnavailable(Exception):
    """KPS gave no answer (down, slow, a fault): the identity is neither confirmed nor denied."""


def kps_configured() -> bool:
    return bool(settings.KPS_URL)


def kps_name(value: str) -> str:
    """A name as KPS compares it: single spaces, upper case by Turkish rules."""
    return turkish_upper(" ".join(value.split()))


@lru_cache(maxsize=4)
def _service(url: str, soap_version: str, timeout: float) -> ServiceProxy:
    transport = Transport(timeout=timeout, operation_timeout=timeout, session=requests.Session())
    client = Client(
        str(WSDL_PATH),
        transport=transport,
        settings=Settings(strict=True, xml_huge_tree=False, forbid_dtd=True, forbid_entities=True),
    )
    return client.create_service(BINDINGS[soap_version], url)


def kps_identity_verify(*, tckn: str, first_name: str, last_name: str, birth_year: int) -> bool:
    """Whether KPS confirms the person; raises KpsUnavailable when it does not answer."""
    if not kps_configured():
        raise KpsUnavailable("KPS_URL is not set")
    service = _service(settings.KPS_URL, settings.KPS_SOAP_VERSION, settings.KPS_TIMEOUT_SECONDS)
    try:
        answer = service.TCKimlikNoDogrula(
            TCKimlikNo=int(tckn),
            Ad=kps_name(first_name),
            Soyad=kps_name(last_name),
            DogumYili=int(birth_year),
        )
    except (requests.RequestException, ZeepError) as error:
        logger.warning("KPS identity check failed: %s", type(error).__name__)
        raise KpsUnavailable(type(error).__name__) from None
    if not isinstance(answer, bool):
        logger.warning("KPS answered something that is not a boolean: %r", type(answer))
        raise KpsUnavailable("unexpected answer")
    return answer
