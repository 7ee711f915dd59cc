"""The API's vendor media type, `application/vnd.banayeni.v1+json`, as JSON out (in: parsers.py)."""

from rest_framework.renderers import JSONRenderer

VENDOR_MEDIA_TYPE = "application/vnd.banayeni.v1+json"


class VendorJSONRenderer(JSONRenderer):
    media_type = VENDOR_MEDIA_TYPE
