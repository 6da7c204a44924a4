from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "rostra.mail"
    label = "mail"
    verbose_name = _("Email")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.permissions import register_permission_policy

        from rostra.mail import senders
        from rostra.mail.models import OutboxMessage, SenderSettings
        from rostra.mail.permissions import OutboxPermissionPolicy

        register_permission_policy(OutboxMessage, OutboxPermissionPolicy(OutboxMessage))
        for signal in (post_save, post_delete):
            signal.connect(senders.forget, sender=SenderSettings, dispatch_uid=f"mail-{signal}")
