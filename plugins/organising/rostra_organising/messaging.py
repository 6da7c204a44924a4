"""An organiser's or a host's message to their people: a group's members
(those who agreed to hear from its organisers, address proved) or an event's
attendees (live RSVPs: it is about the event they signed up for).

The message is kept (who wrote what, to how many). The core signal
``organiser_wrote`` lets a mailings plugin switched on for the site send it
itself; where none does, each person gets it through the core's mail module,
once (a key per message and person).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rostra import signals
from rostra.mail.sending import send
from rostra.people.models import Person
from rostra.worker.queueing import with_commit

from rostra_organising.apps import GROUP_NEWS

SUBJECT_MAX = 150
BODY_MAX = 10_000


class OrganiserMessage(models.Model):
    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    site = models.ForeignKey("wagtailcore.Site", null=True, on_delete=models.SET_NULL)
    group = models.ForeignKey(
        "organising.GroupPage", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    event = models.ForeignKey(
        "organising.EventPage", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # An admin user (organiser, host); empty for a supporter host writing from their link.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX)
    body = models.TextField(_("message"), max_length=BODY_MAX)
    recipients = models.PositiveIntegerField(default=0)
    sent_by_plugin = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("message to members or attendees")
        verbose_name_plural = _("messages to members or attendees")

    def __str__(self):
        return self.subject


@dataclass(frozen=True)
class Recipient:
    person: object
    email: str
    first_name: str
    language: str
    manage_url: str


def recipients_of(rows, manage_url):
    """Recipients from rows that hold what the person typed (an RSVP, a
    membership); ``manage_url(row)``: the person's own link, in the footer."""
    return [
        Recipient(
            person=row.person,
            email=row.email,
            first_name=row.first_name,
            language=row.language,
            manage_url=manage_url(row),
        )
        for row in rows
    ]


def write(*, site, subject, body, recipients, author=None, group=None, event=None):
    """Keep the message and have it sent to ``recipients`` (Recipient rows)."""
    with transaction.atomic():
        message = OrganiserMessage.objects.create(
            site=site,
            group=group,
            event=event,
            author=author if author is not None and author.is_authenticated else None,
            subject=subject,
            body=body,
            recipients=len(recipients),
        )
        emails = emails_of(message, recipients)
        # Written in this transaction: a mailings plugin's rows are kept, or
        # lost, with the message.
        answers = signals.organiser_wrote.send(
            sender=OrganiserMessage,
            site=site,
            message=message,
            person_ids=[recipient.person.pk for recipient in recipients],
            # Group members agreed to hear from the organisers; attendees hear
            # about the event they signed up for.
            purpose=GROUP_NEWS if group is not None else "",
            emails=emails,
        )
        if any(answer is True for _receiver, answer in answers):
            message.sent_by_plugin = True
            message.save(update_fields=["sent_by_plugin"])
            return message
        with_commit(lambda: _queue(message.site, emails))
    return message


def emails_of(message, recipients):
    """What the core's mail module sends to each recipient (a signal's payload:
    plain, JSON-serialisable values)."""
    about = {"group_title": message.group.title} if message.group_id else {}
    if message.event_id:
        about = {"event_title": message.event.title}
    return [
        {
            "template": "organising/message",
            "to": recipient.email,
            "person_id": recipient.person.pk,
            "language": recipient.language or recipient.person.language,
            "context": {
                "first_name": recipient.first_name,
                "subject": message.subject,
                "body": message.body,
                "manage_url": recipient.manage_url,
                **about,
            },
            "key": f"organising:message:{message.pk}:{recipient.person.pk}",
        }
        for recipient in recipients
    ]


def _queue(site, emails):
    people = Person.objects.in_bulk([email["person_id"] for email in emails])
    for email in emails:
        send(
            email["template"],
            to=email["to"],
            person=people.get(email["person_id"]),
            language=email["language"] or None,
            site=site,
            context=email["context"],
            key=email["key"],
        )
