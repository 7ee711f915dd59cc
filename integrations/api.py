"""`GET /api/integrations/health` for staff: provider health in the shape of seed 001."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from integrations.selectors import health_summary, messages_per_channel_per_day, provider_health
from marketplace.api.responses import api_success
from marketplace.api.schema import envelope


class ProviderHealthSerializer(serializers.Serializer[Any]):
    provider = serializers.CharField()
    status = serializers.CharField(help_text="healthy | degraded | unhealthy")
    attempts = serializers.IntegerField()
    error_rate = serializers.FloatField()
    p50_latency_ms = serializers.IntegerField(allow_null=True)
    p95_latency_ms = serializers.IntegerField(allow_null=True)
    last_success_at = serializers.DateTimeField(allow_null=True)
    circuit = serializers.CharField(help_text="closed | open | half_open")
    connection_status = serializers.CharField(allow_null=True)
    errors_by_kind = serializers.DictField(
        source="errors",
        child=serializers.IntegerField(),
        help_text="Failed attempts per error kind: auth_failed, misconfigured, invalid_recipient, "
        "recipient_opted_out, content_rejected, insufficient_balance, rate_limited, "
        "provider_unavailable, timeout, network_error, unknown",
    )


class IntegrationCountsSerializer(serializers.Serializer[Any]):
    total = serializers.IntegerField()
    healthy = serializers.IntegerField()
    degraded = serializers.IntegerField()
    unhealthy = serializers.IntegerField()


class ChannelDaySerializer(serializers.Serializer[Any]):
    day = serializers.DateField()
    channel = serializers.CharField()
    count = serializers.IntegerField()


class IntegrationsHealthSerializer(serializers.Serializer[Any]):
    status = serializers.CharField(help_text="healthy | degraded | unhealthy")
    integrations = IntegrationCountsSerializer()
    providers = ProviderHealthSerializer(many=True)
    messages_per_day = ChannelDaySerializer(many=True)
    timestamp = serializers.DateTimeField()


class IntegrationsHealthView(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(
        summary="Provider health (staff)",
        responses={
            200: envelope(IntegrationsHealthSerializer(), name="IntegrationsHealthEnvelope")
        },
    )
    def get(self, request: Request) -> Response:
        report = provider_health()
        data = {
            **health_summary(report),
            "providers": IntegrationsHealthSerializer()
            .fields["providers"]
            .to_representation(report),
            "messages_per_day": messages_per_channel_per_day(),
            "timestamp": timezone.now().isoformat(),
        }
        return api_success(data, headers={"Cache-Control": "no-store"})
