"""Non-fiscal acknowledgements of gifts and their gap-free numbering.

The official tax receipt comes from the CNCCFP; these PDFs are the campaign's
own thank-you and proof of payment. Numbers run per site and year without gaps:
a number is taken from the counter in the same transaction that creates the
acknowledgement row, and rows are never deleted (a refunded gift's is voided).
"""

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def acknowledgement_path(instance, filename):
    return f"donations/acknowledgements/{instance.site_id}/{instance.year}/{filename}"


class AcknowledgementCounter(models.Model):
    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011
    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "year"], name="donations_ack_counter_once")
        ]

    def __str__(self):
        return f"{self.site_id}/{self.year}: {self.last_number}"


class Acknowledgement(models.Model):
    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011
    donation = models.OneToOneField(
        "donations.Donation", on_delete=models.PROTECT, related_name="acknowledgement"
    )
    site = models.ForeignKey("wagtailcore.Site", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    pdf = models.FileField(upload_to=acknowledgement_path, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    rendered_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)

    class Meta:
        verbose_name = _("acknowledgement")
        ordering = ["site", "year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "year", "number"], name="donations_ack_number_once"
            )
        ]

    def __str__(self):
        return self.reference

    @property
    def reference(self):
        return f"{self.year}-{self.number:05d}"

    @property
    def filename(self):
        return f"accuse-reception-{self.reference}.pdf"

    @classmethod
    def issue(cls, donation):
        """The donation's acknowledgement, numbered now if it has none (idempotent)."""
        existing = cls.objects.filter(donation=donation).first()
        if existing:
            return existing
        year = timezone.localtime(donation.paid_at or donation.created_at).year
        with transaction.atomic():
            counter, _created = AcknowledgementCounter.objects.get_or_create(
                site_id=donation.site_id, year=year
            )
            # The row lock serialises numbering per site and year.
            counter = AcknowledgementCounter.objects.select_for_update().get(pk=counter.pk)
            existing = cls.objects.filter(donation=donation).first()
            if existing:
                return existing
            counter.last_number += 1
            counter.save(update_fields=["last_number"])
            return cls.objects.create(
                donation=donation, site_id=donation.site_id, year=year, number=counter.last_number
            )
