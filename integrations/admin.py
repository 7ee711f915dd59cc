"""Staff views: the Integration Center (provider connections, test, health dashboard), the
outbox's Turkish templates (editable), notifications and their attempts (read only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from integrations.connections import connection_delete, connection_save, connection_test
from integrations.crypto import CredentialsError
from integrations.models import (
    SECRETS_WIPED,
    Notification,
    NotificationAttempt,
    NotificationTemplate,
    ProviderConnection,
)
from integrations.provider_kinds import PROVIDER_KINDS, ProviderKind
from integrations.providers import connection_credentials
from integrations.selectors import health_summary, messages_per_channel_per_day, provider_health


@admin.register(NotificationTemplate)
class NotificationTemplateAdmin(admin.ModelAdmin[NotificationTemplate]):
    list_display = ("event", "channel", "language", "provider_name", "is_active", "updated_at")
    list_filter = ("channel", "event", "is_active")
    search_fields = ("body", "subject", "provider_name")


class NotificationAttemptInline(admin.TabularInline[NotificationAttempt, Notification]):
    model = NotificationAttempt
    extra = 0
    can_delete = False
    fields = (
        "created_at",
        "channel",
        "provider",
        "status",
        "provider_message_id",
        "error_kind",
        "error_code",
        "error_message",
        "latency_ms",
        "sms_encoding",
        "sms_parts",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ("created_at", "event", "user", "status", "channel", "due_at", "attempt_rounds")
    list_filter = ("status", "event", "channel", "attempts__error_kind")
    search_fields = ("user__email", "dedupe_key")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    inlines = (NotificationAttemptInline,)
    readonly_fields = (
        "user",
        "event",
        "dedupe_key",
        "context",
        "secret_variables",
        "address",
        "expires_at",
        "status",
        "due_at",
        "claimed_at",
        "attempt_rounds",
        "channel",
        "skip_reason",
        "created_at",
        "sent_at",
    )

    @admin.display(description=_("secret variables"))
    def secret_variables(self, obj: Notification) -> str:
        """Never the values: only whether the row still holds any."""
        if not obj.secrets_encrypted:
            return "-"
        if obj.secrets_encrypted == SECRETS_WIPED:
            return gettext("Wiped after delivery")
        return gettext("Encrypted, wiped after delivery")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return False


def connection_form_for(
    spec: ProviderKind, instance: ProviderConnection | None
) -> type[forms.ModelForm]:
    """A form with the provider's own fields; secrets are write-only (blank keeps the stored)."""
    try:
        stored = connection_credentials(instance) if instance and instance.pk else {}
    except CredentialsError:
        stored = {}
    extra: dict[str, forms.Field] = {}
    for field in spec.fields:
        if field.secret:
            has_value = bool(stored.get(field.name))
            extra[field.name] = forms.CharField(
                label=field.label,
                required=field.required and not has_value,
                widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
                help_text=gettext("Stored; leave blank to keep it.")
                if has_value
                else field.help_text,
            )
        elif field.choices:
            extra[field.name] = forms.ChoiceField(
                label=field.label,
                required=field.required,
                help_text=field.help_text,
                choices=field.choices,
                initial=(instance.config.get(field.name, "") if instance else ""),
            )
        else:
            extra[field.name] = forms.CharField(
                label=field.label,
                required=field.required,
                help_text=field.help_text,
                initial=(instance.config.get(field.name, "") if instance else ""),
            )

    class Meta:
        model = ProviderConnection
        fields = ["is_enabled"]

    return type("ProviderConnectionForm", (forms.ModelForm,), {**extra, "Meta": Meta})


@admin.register(ProviderConnection)
class ProviderConnectionAdmin(admin.ModelAdmin[ProviderConnection]):
    """The Integration Center: connect a provider, switch it on, test it, watch its health."""

    list_display = (
        "__str__",
        "channel",
        "is_enabled",
        "status",
        "last_checked_at",
        "last_check_error",
    )
    list_filter = ("status", "is_enabled")
    actions = ("test_connections",)
    change_list_template = "admin/integrations/providerconnection/change_list.html"

    @admin.display(description=_("channel"))
    def channel(self, obj: ProviderConnection) -> str:
        return str(PROVIDER_KINDS[obj.kind].channel.label) if obj.kind in PROVIDER_KINDS else "-"

    def _kind_for(
        self, request: HttpRequest, obj: ProviderConnection | None
    ) -> ProviderKind | None:
        key = obj.kind if obj is not None else request.GET.get("kind", "")
        return PROVIDER_KINDS.get(key)

    def get_form(
        self,
        request: HttpRequest,
        obj: ProviderConnection | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> Any:
        spec = self._kind_for(request, obj)
        assert spec is not None  # add_view asks for the kind first
        return connection_form_for(spec, obj)

    def get_fieldsets(self, request: HttpRequest, obj: ProviderConnection | None = None) -> Any:
        spec = self._kind_for(request, obj)
        assert spec is not None
        return [
            (str(spec.label), {"fields": [field.name for field in spec.fields] + ["is_enabled"]})
        ]

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        spec = self._kind_for(request, None)
        if spec is None or ProviderConnection.objects.filter(kind=spec.key).exists():
            connected = set(ProviderConnection.objects.values_list("kind", flat=True))
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": gettext("Connect a provider"),
                "kinds": [kind for kind in PROVIDER_KINDS.values() if kind.key not in connected],
            }
            return TemplateResponse(
                request, "admin/integrations/providerconnection/choose_kind.html", context
            )
        return super().add_view(request, form_url, extra_context)

    def save_model(
        self, request: HttpRequest, obj: ProviderConnection, form: Any, change: bool
    ) -> None:
        spec = self._kind_for(request, obj if change else None)
        assert spec is not None
        data = form.cleaned_data
        saved = connection_save(
            kind=spec.key,
            config={f.name: data.get(f.name, "") for f in spec.fields if not f.secret},
            secrets={f.name: data.get(f.name, "") for f in spec.fields if f.secret},
            is_enabled=bool(data.get("is_enabled")),
            actor=request.user,  # type: ignore[arg-type]
        )
        obj.pk, obj.kind = saved.pk, saved.kind
        result = connection_test(connection=saved)
        self._report(request, saved, ok=result.ok)

    def delete_model(self, request: HttpRequest, obj: ProviderConnection) -> None:
        connection_delete(connection=obj, actor=request.user)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ProviderConnection]) -> None:
        for connection in queryset:
            connection_delete(connection=connection, actor=request.user)  # type: ignore[arg-type]

    def _report(self, request: HttpRequest, connection: ProviderConnection, *, ok: bool) -> None:
        if ok:
            self.message_user(
                request,
                gettext("%(provider)s: connection works.") % {"provider": connection},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                gettext("%(provider)s: connection failed (%(error)s).")
                % {"provider": connection, "error": connection.last_check_error},
                messages.ERROR,
            )

    @admin.action(description=_("Test the connection"))
    def test_connections(
        self, request: HttpRequest, queryset: QuerySet[ProviderConnection]
    ) -> None:
        for connection in queryset:
            result = connection_test(connection=connection)
            self._report(request, connection, ok=result.ok)

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "saglik/", self.admin_site.admin_view(self.health_view), name="integrations_health"
            ),
            path(
                "<int:object_id>/test/",
                self.admin_site.admin_view(self.test_view),
                name="integrations_providerconnection_test",
            ),
            *super().get_urls(),
        ]

    def test_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        connection = self.get_object(request, str(object_id))
        if (
            request.method != "POST"
            or connection is None
            or not self.has_change_permission(request, connection)
        ):
            return HttpResponseRedirect(reverse("admin:integrations_providerconnection_changelist"))
        result = connection_test(connection=connection)
        self._report(request, connection, ok=result.ok)
        return HttpResponseRedirect(
            reverse("admin:integrations_providerconnection_change", args=[connection.pk])
        )

    def health_view(self, request: HttpRequest) -> HttpResponse:
        report = provider_health()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Provider health"),
            "summary": health_summary(report),
            "report": report,
            "per_day": messages_per_channel_per_day(),
        }
        return TemplateResponse(request, "admin/integrations/health.html", context)
