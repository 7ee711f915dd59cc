"""Staff roles as Django groups: what each kind of staff member may see and change in the admin.

A staff member needs `is_staff` to enter the admin and one of these groups (or superuser) to do
anything there. The groups are (re)created after every `migrate`, so a new permission added here
reaches every environment without a hand-written data migration.
"""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig, apps
from django.contrib.auth.models import Group, Permission

# group → "app_label.codename" permissions
STAFF_ROLES: dict[str, tuple[str, ...]] = {
    "Moderatörler": (
        "parts.view_part",
        "parts.change_part",
        "parts.view_partimage",
        "parts.view_bannedword",
        "parts.add_bannedword",
        "parts.change_bannedword",
        "parts.delete_bannedword",
        "marketplace.view_user",
        "marketplace.change_user",
        "marketplace.view_consent",
        "marketplace.view_auditentry",
        "interests.view_interest",
        "messaging.view_conversation",
        "messaging.view_message",
        "messaging.change_message",
        "messaging.view_report",
        "messaging.change_report",
        "messaging.view_userblock",
        "reviews.view_review",
        "reviews.change_review",
    ),
    "Destek": (
        "parts.view_part",
        "marketplace.view_user",
        "marketplace.view_consent",
        "marketplace.view_accountdeletionlog",
        "messaging.view_report",
    ),
}


def staff_roles_ensure_after_migrate(app_config: AppConfig, **_kwargs: Any) -> None:
    """post_migrate is sent once per app that has models, in INSTALLED_APPS order; the last such
    app's signal comes after every permission. (The last installed app may have no models, as
    django.contrib.postgres on PostgreSQL, and then never gets the signal.)"""
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if with_models and app_config is with_models[-1]:
        staff_roles_ensure()


def staff_roles_ensure() -> None:
    """Creates the role groups and gives each exactly its permissions (idempotent)."""
    for name, codenames in STAFF_ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = []
        for dotted in codenames:
            app_label, codename = dotted.split(".", 1)
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                permissions.append(permission)
        group.permissions.set(permissions)
