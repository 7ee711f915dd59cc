"""App configuration for messaging."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Messaging")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from integrations.services import NotificationEvent, notification_relevance_register
        from marketplace.account_hooks import register_password_changed, register_user_banned
        from marketplace.health import register_health_check
        from marketplace.privacy_registry import register_erasure, register_export
        from messaging import (
            account_effects,
            error_codes,  # noqa: F401 - registers the app's error codes
            notice_relevance,
            privacy,
            realtime,
            signals,  # noqa: F401 - connects the receivers
        )

        register_export("conversations", privacy.conversations_export)
        register_export("messages", privacy.messages_export)
        register_export("reports", privacy.reports_export)
        register_export("blocks", privacy.blocks_export)
        register_erasure("messaging", privacy.messaging_erase)

        register_user_banned("chat_sockets", account_effects.sockets_close_after_ban)
        register_password_changed(
            "chat_sockets", account_effects.sockets_close_after_password_change
        )
        register_health_check("channel_layer", realtime.channel_layer_check)
        notification_relevance_register(
            NotificationEvent.NEW_MESSAGE, notice_relevance.new_message_notice_relevance
        )
        from messaging.metrics import dashboard_metrics_register

        dashboard_metrics_register()
