"""Who asked for a national mailing to go out, and who approved it, when the
national site's settings ask for a second approver (rostra_mailings.approval)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Approval(models.Model):
    approval_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sending requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approval_requested_at = models.DateTimeField(_("sending requested"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True
