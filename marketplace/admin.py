"""Staff screens for users (the accounts work adds ban/unban and roles)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from marketplace.models import User

admin.site.site_header = _("BanaYeni SanaEski management")
admin.site.site_title = _("BanaYeni SanaEski management")
admin.site.index_title = _("Management")


class UserCreateForm(UserCreationForm[User]):
    class Meta:
        model = User
        fields = ("email",)


class UserEditForm(UserChangeForm[User]):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    form = UserEditForm
    add_form = UserCreateForm
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
    list_filter = ("is_staff", "is_active", "is_business_seller", "city")
    search_fields = ("email", "phone", "display_name")
    readonly_fields = ("created_at", "updated_at", "last_login")
    fieldsets: ClassVar[Any] = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("display_name", "phone", "city", "is_business_seller")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "created_at", "updated_at")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
