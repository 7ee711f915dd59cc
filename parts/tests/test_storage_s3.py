"""Rendered part photos stored through default_storage land privately in S3 (moto's server)."""

from __future__ import annotations

import uuid
from urllib.parse import parse_qs, urlsplit

import requests
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from storages.backends.s3 import S3Storage

from parts.images import image_render
from parts.tests.conftest import S3Bucket
from parts.tests.images import jpeg_bytes

PUBLIC_GROUPS = {
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}


def display_webp() -> bytes:
    return image_render(jpeg_bytes(640, 480, gps=True)).display


def test_saved_photo_is_a_webp_object_in_the_bucket(s3_storage_settings: S3Bucket) -> None:
    data = display_webp()
    assert isinstance(default_storage, S3Storage)

    name = default_storage.save(f"parts/{uuid.uuid4()}/display.webp", ContentFile(data))

    head = s3_storage_settings.client.head_object(Bucket=s3_storage_settings.bucket, Key=name)
    assert head["ContentType"] == "image/webp"
    assert head["ContentLength"] == len(data)
    stored = s3_storage_settings.client.get_object(Bucket=s3_storage_settings.bucket, Key=name)
    assert stored["Body"].read() == data


def test_saved_photo_grants_nothing_to_the_public(s3_storage_settings: S3Bucket) -> None:
    name = default_storage.save(f"parts/{uuid.uuid4()}/display.webp", ContentFile(display_webp()))

    acl = s3_storage_settings.client.get_object_acl(Bucket=s3_storage_settings.bucket, Key=name)

    grantees = {grant["Grantee"].get("URI") for grant in acl["Grants"]}
    assert not grantees & PUBLIC_GROUPS
    assert [grant["Permission"] for grant in acl["Grants"]] == ["FULL_CONTROL"]  # the owner only


def test_photo_is_served_by_presigned_url_and_refused_without_one(
    s3_storage_settings: S3Bucket,
) -> None:
    data = display_webp()
    name = default_storage.save(f"parts/{uuid.uuid4()}/display.webp", ContentFile(data))

    url = default_storage.url(name)

    query = parse_qs(urlsplit(url).query)
    assert "X-Amz-Signature" in query
    assert query["X-Amz-Expires"] == ["3600"]
    signed = requests.get(url, timeout=10)
    assert signed.status_code == 200
    assert signed.content == data
    plain_url = url.split("?", 1)[0]
    assert plain_url == f"{s3_storage_settings.endpoint_url}/{s3_storage_settings.bucket}/{name}"
    assert requests.get(plain_url, timeout=10).status_code == 403


def test_anonymous_refusal_comes_from_the_acl(s3_storage_settings: S3Bucket) -> None:
    # The control for the 403 above: the same server does serve an object made public-read.
    client, bucket = s3_storage_settings.client, s3_storage_settings.bucket
    client.put_object(Bucket=bucket, Key="public.txt", Body=b"public", ACL="public-read")

    response = requests.get(f"{s3_storage_settings.endpoint_url}/{bucket}/public.txt", timeout=10)

    assert response.status_code == 200
    assert response.content == b"public"


def test_saving_under_a_taken_name_never_overwrites(s3_storage_settings: S3Bucket) -> None:
    wanted = f"parts/{uuid.uuid4()}/display.webp"
    first = default_storage.save(wanted, ContentFile(b"first"))

    second = default_storage.save(wanted, ContentFile(b"second"))

    assert first == wanted
    assert second != wanted
    stored = s3_storage_settings.client.get_object(Bucket=s3_storage_settings.bucket, Key=first)
    assert stored["Body"].read() == b"first"
