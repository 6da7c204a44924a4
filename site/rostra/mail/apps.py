from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "rostra.mail"
    label = "mail"
    verbose_name = _("Email")

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from rostra.mail.models import OutboxMessage
        from rostra.mail.permissions import OutboxPermissionPolicy

        register_permission_policy(OutboxMessage, OutboxPermissionPolicy(OutboxMessage))
