"""Fixtures for the parts tests: a logged-in seller's client, a small catalogue of listings, and
a real S3 API (moto's standalone server) behind default_storage."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from conftest import _stop, _wait_for_http, free_port
from marketplace.models import User
from parts.models import Part
from parts.tests.factories import make_part

S3_REGION = "eu-central-1"
S3_ACCESS_KEY = "testing"
S3_SECRET_KEY = "testing"


@pytest.fixture
def catalogue() -> dict[str, Part]:
    return {
        "alternator": make_part(),
        "disk": make_part(
            title="Mercedes W203 Fren Diski",
            part_reference="A 203 423 06 12",
            brand="Mercedes",
            model="W203",
            year=2005,
            location_city="Ankara",
            price="1250",
            description="Hiç kullanılmamış",
        ),
        "gearbox": make_part(
            title="Renault Clio 4 Şanzıman",
            part_reference="320102998R",
            brand="Renault",
            model="Clio 4",
            year=2016,
            location_city="İzmir",
            price="7500",
            condition="Arızalı",
            description="Vites geçirmiyor",
        ),
    }


@pytest.fixture
def seller_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@dataclass(frozen=True)
class S3Bucket:
    bucket: str
    endpoint_url: str
    client: Any  # botocore generates the S3 client class at run time


@pytest.fixture(scope="session")
def moto_s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Endpoint URL of moto's S3 server, run as its own process for the whole session."""
    port = free_port()
    endpoint_url = f"http://127.0.0.1:{port}"
    # The server logs every request; a pipe nobody reads would fill up and stall it.
    log_path = tmp_path_factory.mktemp("moto") / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            try:
                _wait_for_http(endpoint_url + "/moto-api/", process)
            except RuntimeError as error:
                raise RuntimeError(f"{error}\n{log_path.read_text()}") from error
            yield endpoint_url
        finally:
            _stop(process)


@pytest.fixture
def s3_storage_settings(moto_s3_server: str, settings: Settings) -> S3Bucket:
    """A fresh private bucket, and Django's default storage pointed at it as in production."""
    client = boto3.client(
        "s3",
        endpoint_url=moto_s3_server,
        region_name=S3_REGION,
        aws_access_key_id=S3_ACCESS_KEY,
        aws_secret_access_key=S3_SECRET_KEY,
    )
    bucket = f"parts-test-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": S3_REGION})
    # A whole new dict, so that setting_changed resets django.core.files.storage.storages.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "access_key": S3_ACCESS_KEY,
                "secret_key": S3_SECRET_KEY,
                "region_name": S3_REGION,
                "endpoint_url": moto_s3_server,
                "custom_domain": None,
                "default_acl": None,
                "querystring_auth": True,
                "querystring_expire": 3600,
                "file_overwrite": False,
            },
        },
    }
    return S3Bucket(bucket=bucket, endpoint_url=moto_s3_server, client=client)


PhotoWait = Callable[[], None]


def _wait_for_photos(timeout: float = 30.0) -> None:
    from parts.models import PartImage, PartImageStatus

    deadline = time.monotonic() + timeout
    while PartImage.objects.filter(status=PartImageStatus.PENDING).exists():
        if time.monotonic() > deadline:
            raise AssertionError(f"photos still pending after {timeout}s")
        time.sleep(0.1)


@pytest.fixture
def photo_worker(request: pytest.FixtureRequest, settings: Settings) -> PhotoWait:
    """Photos are processed by Celery: in-process on the embedded default, by a real worker
    process on Redis. Call the returned function to wait until every photo is processed."""
    if settings.REDIS_URL:
        request.getfixturevalue("celery_worker_process")
    return _wait_for_photos


@pytest.fixture
def pages_with_local_photos(celery_in_process: None, settings: Settings, tmp_path: Path) -> None:
    """Page tests: photo processing runs in this process and writes under a temporary MEDIA_ROOT,
    which a worker process would not see (test_api.py covers the real worker)."""
    settings.MEDIA_ROOT = str(tmp_path)
