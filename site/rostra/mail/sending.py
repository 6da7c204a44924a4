"""Every email the platform sends goes through ``send``.

It enqueues a background task that renders the message in the recipient's
language from ``mail/<template>/subject.txt``, ``body.txt`` and (optionally)
``body.html``, else the text shown as HTML, in the site's look
(rostra.mail.html); the message comes from the site's sender
(rostra.mail.senders) and has the footer that says why the person receives it,
and the one-click unsubscribe headers (List-Unsubscribe, RFC 8058) when the
message is about a person.

Each email is sent once per key (``rostra.mail.models.Delivery``): the key is
recorded in the transaction that hands the message over, so a task run again
after its worker died finds it and sends nothing. The key is the queued
message's own, or one the sender gives (``key=``) when the email stands for
something that must reach the person once, however many times it is queued
(an acknowledgement). Only a worker dying between the mail server's "accepted"
and that commit can make an SMTP message go twice (never not at all); the
demo's outbox is written in that same transaction: exactly once.
"""

import base64
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.tasks import task
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from wagtail.models import Site

from rostra.mail import html
from rostra.mail.messages import PlatformEmail
from rostra.mail.models import Delivery
from rostra.mail.senders import sender_of
from rostra.people import provenance, unsubscribe
from rostra.people.models import Person


def send(
    template,
    *,
    to,
    context=None,
    language=None,
    person=None,
    purpose=None,
    site=None,
    attachments=(),
    key="",
):
    """Queue one email. ``context`` must be JSON-serialisable (it crosses to a worker).

    ``attachments``: (filename, bytes, mimetype) tuples. ``key``: the email is
    sent once for this key, however many times it is queued (no personal data
    in it: it is kept a while, see ``Delivery``).
    """
    return deliver.enqueue(
        template=template,
        to=to,
        context=context or {},
        language=language or (person.language if person else settings.LANGUAGE_CODE),
        person_id=person.pk if person else None,
        purpose=purpose or "",
        site_id=site.pk if site else None,
        attachments=[
            (name, base64.b64encode(content).decode(), mimetype)
            for name, content, mimetype in attachments
        ],
        # Every run of this task carries the same key (its arguments).
        key=key or f"mail:{uuid.uuid4()}",
    )


def site_base_url(site):
    if site is None:
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return site.root_url.rstrip("/")


def render_message(
    template,
    *,
    to,
    context,
    language,
    person_id=None,
    purpose="",
    site_id=None,
    site=None,
    person=None,
    site_name=None,
):
    """Build the email (EmailMultiAlternatives) for one message (used by the task, by
    senders of batches, which pass the ``site``, its ``site_name`` and the
    ``person`` they already hold, and by tests)."""
    if site is None and site_id:
        site = Site.objects.filter(pk=site_id).first()
    if person is not None:
        person_id = person.pk
    base_url = site_base_url(site)
    if site_name is None:
        site_name = site_name_of(site)
    context = dict(context, base_url=base_url, site_name=site_name, language=language)
    headers = {}
    if person_id:
        url = base_url + unsubscribe.path(person_id, purpose)
        context["unsubscribe_url"] = url
        context["my_data_url"] = base_url + reverse("people:my_data_request")
        headers["List-Unsubscribe"] = f"<{url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    with translation.override(language):
        if person_id:
            # Every message says where the person's data came from.
            if person is None:
                person = Person.objects.filter(pk=person_id).select_related("source_site").first()
            context["data_source"] = provenance.describe(person) if person else ""
        subject = " ".join(render_text(f"mail/{template}/subject.txt", context).split())
        body = render_text(f"mail/{template}/body.txt", context)
        context.update(html.branding(site, base_url))
        html_body = html.render_html(
            template,
            context,
            lambda: render_text(f"mail/{template}/body.txt", dict(context, without_footer=True)),
        )
    from_email, reply_to = sender_of(site)
    message = PlatformEmail(
        subject=subject,
        body=body,
        from_email=from_email,
        to=[to],
        reply_to=reply_to,
        headers=headers,
    )
    message.attach_alternative(html_body, "text/html")
    message.site_id = site.pk if site else None
    return message


def render_text(template_name, context):
    """A plain-text template, rendered without HTML escaping: a subject or a
    text body is no HTML, and "O'Neil & fils" must not reach the reader as
    "O&#x27;Neil &amp; fils". (The HTML body keeps Django's escaping.)"""
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def site_name_of(site):
    """The name a site signs its emails with (its branding's organisation)."""
    if site is None:
        return settings.WAGTAIL_SITE_NAME
    from rostra.sitesettings.models import BrandSettings

    return BrandSettings.cached_for_site(site).organisation_name


@task()
def deliver(*, template, to, context, language, person_id, purpose, site_id, attachments, key=""):
    if key and Delivery.objects.filter(key=key).exists():
        return "already sent"
    message = render_message(
        template,
        to=to,
        context=context,
        language=language,
        person_id=person_id,
        purpose=purpose,
        site_id=site_id,
    )
    for name, content, mimetype in attachments:
        message.attach(name, base64.b64decode(content), mimetype)
    with transaction.atomic():
        try:
            # A run of the same key in another worker waits here until this
            # transaction ends, then finds the key taken.
            with transaction.atomic():
                if key:  # tasks queued before keys existed have none
                    Delivery.objects.create(key=key)
        except IntegrityError:
            return "already sent"
        message.send()
    return "sent"
