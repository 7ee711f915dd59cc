"""Staff screens for users: search by e-mail or phone (any spelling), ban/unban with a reason,
staff roles through Django groups, the KVKK records (consents, deletions) and the audit log
read-only."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from marketplace.models import AccountDeletionLog, AuditEntry, Consent, User
from marketplace.phone import InvalidPhoneError, normalize_phone
from marketplace.services.audit_roles import user_roles_change_collect, user_roles_snapshot
from marketplace.services.moderation import user_ban, user_unban
from marketplace.services.sessions import user_password_set

admin.site.site_header = _("BanaYeni SanaEski management")
admin.site.site_title = _("BanaYeni SanaEski management")
admin.site.index_title = _("Management")

# What a staff member who is not a superuser may edit on a user: what moderation needs (an
# offensive name or avatar). Bans go through the ban action (with a reason); e-mail, phone,
# password, flags, groups and permissions are a superuser's, so no moderator can take over an
# account or raise their own rights.
USER_FIELDS_STAFF_MAY_EDIT = ("display_name", "avatar")


def _is_superuser(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "is_superuser", False))


class UserCreateForm(UserCreationForm[User]):
    class Meta:
        model = User
        fields = ("email",)


class UserPasswordForm(AdminPasswordChangeForm):
    """A superuser sets someone's password: the user's sessions, tokens and sockets end too."""

    def save(self, commit: bool = True) -> Any:
        usable = self.cleaned_data.get("set_usable_password", True)
        password = self.cleaned_data["password1"] if usable else None
        user_password_set(user=self.user, password=password)
        return self.user


class UserEditForm(UserChangeForm[User]):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    form = UserEditForm
    add_form = UserCreateForm
    change_password_form = UserPasswordForm
    ordering = ("-created_at",)
    list_display = (
        "email",
        "display_name",
        "phone",
        "city",
        "is_business_seller",
        "is_staff",
        "is_active",
        "created_at",
    )
    list_filter = (
        "is_staff",
        "is_active",
        ("banned_at", admin.EmptyFieldListFilter),
        ("deleted_at", admin.EmptyFieldListFilter),
        "is_business_seller",
        "groups",
        "city",
    )
    search_fields = ("email", "phone", "display_name")
    readonly_fields = (
        "created_at",
        "updated_at",
        "last_login",
        "banned_at",
        "ban_reason",
        "deleted_at",
        "phone_verified_at",
    )
    actions = ("ban_users", "unban_users")
    fieldsets: ClassVar[Any] = (
        (None, {"fields": ("email", "password")}),
        (
            _("Profile"),
            {
                "fields": (
                    "display_name",
                    "phone",
                    "phone_verified_at",
                    "city",
                    "avatar",
                    "is_business_seller",
                )
            },
        ),
        (_("Notifications"), {"fields": ("notify_email", "notify_sms", "notify_whatsapp")}),
        (_("Moderation"), {"fields": ("banned_at", "ban_reason", "deleted_at")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "created_at", "updated_at")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def get_fieldsets(self, request: HttpRequest, obj: User | None = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or _is_superuser(request):
            return fieldsets
        # The password row links to the password form, which is a superuser's alone.
        return tuple(
            (name, {**options, "fields": tuple(f for f in options["fields"] if f != "password")})
            for name, options in fieldsets
        )

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> Any:
        if _is_superuser(request):
            return self.readonly_fields
        every_field = [field for _name, options in self.fieldsets for field in options["fields"]]
        return tuple(f for f in every_field if f not in USER_FIELDS_STAFF_MAY_EDIT)

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        """Staff accounts (and their passwords) are changed by superusers only."""
        if obj is not None and (obj.is_staff or obj.is_superuser) and not _is_superuser(request):
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        """Flags here and groups in save_related: one audit entry for the whole form (the
        collector is entered here and left in save_related, both in the admin's transaction)."""
        before = user_roles_snapshot(user_id=obj.pk) if change else None
        collector = user_roles_change_collect(user_id=obj.pk, before=before)
        collector.__enter__()
        try:
            super().save_model(request, obj, form, change)
        except BaseException as error:
            collector.__exit__(type(error), error, error.__traceback__)
            raise
        request._audit_roles_collector = collector  # type: ignore[attr-defined]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        collector = getattr(request, "_audit_roles_collector", None)
        request._audit_roles_collector = None  # type: ignore[attr-defined]
        try:
            super().save_related(request, form, formsets, change)
        except BaseException as error:
            if collector is not None:
                collector.__exit__(type(error), error, error.__traceback__)
            raise
        if collector is not None:
            collector.__exit__(None, None, None)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        # Setting someone's password is an account takeover in a moderator's hands; users reset
        # their own through e-mail or a phone code.
        if not _is_superuser(request):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def _targets_this_staff_member_may_moderate(
        self, request: HttpRequest, queryset: QuerySet[User]
    ) -> list[User]:
        """Nobody bans themselves; only a superuser bans or unbans another staff member."""
        targets = [user for user in queryset if user.pk != request.user.pk]
        if not _is_superuser(request):
            targets = [user for user in targets if not (user.is_staff or user.is_superuser)]
        return targets

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[User], search_term: str
    ) -> tuple[QuerySet[User], bool]:
        """A phone typed as `0532 123 45 67` finds the user stored as `+905321234567`."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        try:
            phone = normalize_phone(search_term)
        except InvalidPhoneError:
            return results, may_have_duplicates
        return results | queryset.filter(phone=phone), may_have_duplicates

    @admin.action(description=_("Ban selected users"), permissions=["change"])
    def ban_users(self, request: HttpRequest, queryset: QuerySet[User]) -> HttpResponse | None:
        """Asks for the reason first (an intermediate page), then bans each selected user."""
        targets = self._targets_this_staff_member_may_moderate(request, queryset)
        if len(targets) < queryset.count():
            self.message_user(
                request,
                _("You cannot ban yourself, and only a superuser can ban a staff member."),
                messages.ERROR,
            )
        if "apply" not in request.POST:
            return TemplateResponse(
                request,
                "admin/marketplace/user/ban_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Ban users"),
                    "targets": targets,
                    "opts": self.model._meta,
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        reason = request.POST.get("reason", "").strip()
        for user in targets:
            user_ban(user=user, reason=reason, actor=request.user)  # type: ignore[arg-type]
        if targets:
            self.message_user(
                request,
                ngettext("%(count)d user banned.", "%(count)d users banned.", len(targets))
                % {"count": len(targets)},
                messages.SUCCESS,
            )
        return None

    @admin.action(description=_("Lift the ban of selected users"), permissions=["change"])
    def unban_users(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        lifted = 0
        banned = queryset.filter(banned_at__isnull=False, deleted_at__isnull=True)
        for user in self._targets_this_staff_member_may_moderate(request, banned):
            user_unban(user=user, actor=request.user)  # type: ignore[arg-type]
            lifted += 1
        self.message_user(
            request,
            ngettext("%(count)d ban lifted.", "%(count)d bans lifted.", lifted) % {"count": lifted},
            messages.SUCCESS,
        )


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """KVKK records are evidence: staff may read them, nobody edits them by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ("user", "kind", "granted", "text_version", "created_at")
    list_filter = ("kind", "granted", "text_version")
    search_fields = ("user__email",)
    list_select_related = ("user",)


@admin.register(AccountDeletionLog)
class AccountDeletionLogAdmin(ReadOnlyAdmin):
    list_display = ("user_id", "deleted_at", "requested_by_staff", "listings_removed")
    list_filter = ("requested_by_staff",)
    search_fields = ("user_id",)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The audit log: read-only for everyone, superusers included (the database refuses changes
    too, on PostgreSQL)."""

    list_display = ("created_at", "action", "target_label", "actor", "actor_role", "actor_ip")
    list_filter = ("action", "target_type", "actor_role", "created_at")
    date_hierarchy = "created_at"
    search_fields = ("target_id", "target_label", "actor__email", "reason")
    list_select_related = ("actor", "target_type")
    fields = (
        "created_at",
        "action",
        "target_type",
        "target_id",
        "target_label",
        "target_link",
        "actor",
        "actor_role",
        "actor_ip",
        "before",
        "after",
        "reason",
    )
    readonly_fields = fields

    @admin.display(description=_("target"))
    def target_link(self, entry: AuditEntry) -> str:
        """The target's admin page while it exists (a deleted connection has none)."""
        meta = entry.target_type
        try:
            url = reverse(f"admin:{meta.app_label}_{meta.model}_change", args=[entry.target_id])
        except NoReverseMatch:
            return "-"
        return format_html('<a href="{}">{}</a>', url, entry.target_label or entry.target_id)
