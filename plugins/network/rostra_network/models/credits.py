"""A signature of a national petition credited to the candidate site the
signer came from (the core's petition signals). Ids only: the petition and
signature belong to the plugin that sent them, which this one never imports."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignatureCredit(models.Model):
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="+"
    )
    petition_id = models.PositiveIntegerField(_("petition"), db_index=True)
    signature_id = models.PositiveIntegerField(_("signature"), unique=True)
    created_at = models.DateTimeField(_("signed"), default=timezone.now)

    class Meta:
        verbose_name = _("signature credited to a site")
        verbose_name_plural = _("signatures credited to sites")

    def __str__(self):
        return f"#{self.signature_id} → {self.site_id}"
