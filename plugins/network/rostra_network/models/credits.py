"""A signature of a national petition credited to the candidate site the
signer came from (the core's petition signals). Ids only: the petition and
signature belong to the plugin that sent them, which this one never imports.

The row is written when someone signs through the site's link (that is when
the link is known) and counts only once the signer has confirmed their
address (``confirmed_at``): a signature held as fraudulent gets no row, and
the row goes when the signature is invalidated or deleted unconfirmed
(rostra_network.signal_handlers)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CreditQuerySet(models.QuerySet):
    def counted(self):
        """Credits of confirmed signatures that still stand."""
        from wagtail.models import Page

        return self.filter(confirmed_at__isnull=False, petition_id__in=Page.objects.values("pk"))


class SignatureCredit(models.Model):
    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="+"
    )
    petition_id = models.PositiveIntegerField(_("petition"), db_index=True)
    signature_id = models.PositiveIntegerField(_("signature"), unique=True)
    created_at = models.DateTimeField(_("signed"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    objects = CreditQuerySet.as_manager()

    class Meta:
        verbose_name = _("signature credited to a site")
        verbose_name_plural = _("signatures credited to sites")

    def __str__(self):
        return f"#{self.signature_id} → {self.site_id}"
