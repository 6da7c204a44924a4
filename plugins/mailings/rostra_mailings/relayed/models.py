"""One handed-over email to one person: a row per key, claimed by one run and
marked once, like a broadcast's ``Recipient``."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rostra_mailings.models import Copy


class RelayedEmail(Copy):
    """An email another plugin would have sent through the core's mail module
    (its template and context), sent by this plugin instead: checked again
    when it goes (consent, bounced address), with the footer and the
    unsubscribe headers, once per ``key``."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    site = models.ForeignKey(
        "wagtailcore.Site", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # The consent the person gave to hear this (a group's news); empty for an
    # email about something they signed up for (an event they are coming to).
    purpose = models.CharField(_("purpose"), max_length=64, blank=True)
    template = models.CharField(_("template"), max_length=100)
    to = models.EmailField(_("email"), blank=True)
    language = models.CharField(max_length=10, blank=True)
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("handed over"), default=timezone.now)

    class Meta:
        verbose_name = _("email sent for another plugin")
        verbose_name_plural = _("emails sent for other plugins")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="queued"),
                name="mailings_relayed_due",
            ),
            models.Index(fields=["person"], name="mailings_relayed_person"),
        ]

    def __str__(self):
        return f"{self.template}/{self.person_id}: {self.status}"

    def message_id(self, domain):
        """The same for every try: a receiver that gets it twice sees one message."""
        return f"<rostra-relayed-{self.pk}@{domain}>"
