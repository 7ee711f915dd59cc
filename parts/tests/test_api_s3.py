"""Photo upload and listing through the API with S3 storage (moto's server, real boto3 calls)."""

from __future__ import annotations

import io

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from parts.models import PartImage, PartImageStatus
from parts.tests.images import jpeg_bytes

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PART = {
    "title": "Hyundai i20 Sol Ayna",
    "part_reference": "87610-C8000",
    "condition": "Kullanılabilir",
    "price": 1250,
    "location_city": "Kocaeli",
    "brand": "Hyundai",
    "model": "i20",
    "year": 2018,
}


def test_upload_to_s3_is_private_processed_and_presigned(
    user_api_client, s3_storage_settings, celery_in_process
):
    photo = SimpleUploadedFile("ayna.jpg", jpeg_bytes(2000, 1500, gps=True), "image/jpeg")
    response = user_api_client.post("/api/upload/parts", {"image1": photo}, format="multipart")
    assert response.status_code == 201, response.json()
    url = response.json()["data"]["uploaded_files"][0]["url"]
    assert "X-Amz-Signature=" in url

    image = PartImage.objects.get()
    assert image.status == PartImageStatus.READY
    keys = {
        item["Key"]
        for item in s3_storage_settings.client.list_objects_v2(Bucket=s3_storage_settings.bucket)[
            "Contents"
        ]
    }
    assert keys == {f"parts/{image.id}/display.webp", f"parts/{image.id}/thumbnail.webp"}
    head = s3_storage_settings.client.head_object(
        Bucket=s3_storage_settings.bucket, Key=f"parts/{image.id}/display.webp"
    )
    assert head["ContentType"] == "image/webp"
    acl = s3_storage_settings.client.get_object_acl(
        Bucket=s3_storage_settings.bucket, Key=f"parts/{image.id}/display.webp"
    )
    assert not [grant for grant in acl["Grants"] if "AllUsers" in grant["Grantee"].get("URI", "")]

    served = requests.get(url, timeout=10)
    assert served.status_code == 200
    picture = Image.open(io.BytesIO(served.content))
    assert picture.format == "WEBP"
    assert max(picture.size) == 1600
    assert not picture.getexif()

    created = user_api_client.post("/api/parts", {**NEW_PART, "images": [url]}).json()
    assert created["success"] is True
    images = created["data"]["part"]["images"]
    assert len(images) == 1
    assert "X-Amz-Signature=" in images[0]
    assert f"parts/{image.id}/display.webp" in images[0]
