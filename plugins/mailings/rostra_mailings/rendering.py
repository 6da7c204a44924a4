"""A mailing made into each recipient's email.

Own templates, not MJML: the core's mail layout (rostra.mail.html) already
gives every email a responsive, table-based frame in the site's colours and
logo, and a mailing's blocks are a handful of rows within it; MJML would add a
compiled dependency and a second look for the same site. The whole mailing is
rendered once (``Renderer``), with the personal fields and the footer's
per-person parts left as fields; each copy only fills them in
(rostra_mailings.personalise), so a batch costs a string join per recipient,
not a template render."""

import email.policy

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import escape, urlize
from django.utils.translation import gettext as _
from rostra.mail import html as mail_html
from rostra.mail.messages import PlatformEmail
from rostra.mail.senders import sender_of
from rostra.mail.sending import site_base_url, site_name_of
from rostra.people import provenance, purposes, unsubscribe
from rostra.people.models import ConsentState

from rostra_mailings import clicks, personalise, wire
from rostra_mailings.blocks import card_for, parse_amounts


def block_parts(mailing, base_url):
    """[(html, text)] of the mailing's blocks, fields left in."""
    parts = []
    for block in mailing.body:
        value = block.value
        if block.block_type == "text":
            html = personalise.keep_fields(value, lambda p: urlize(p, autoescape=True))
            html = "".join(
                f'<p style="margin:0 0 16px">{para.strip().replace(chr(10), "<br>")}</p>'
                for para in html.split("\n\n")
                if para.strip()
            )
            text = personalise.keep_fields(value, str)
        elif block.block_type == "image":
            rendition = value["image"].get_rendition("width-1100")
            image = (
                f'<img src="{escape(base_url + rendition.url)}" alt="{escape(value["alt"])}" '
                'width="552" style="display:block;width:100%;max-width:552px;height:auto;border:0">'
            )
            if value["link"]:
                image = f'<a href="{escape(value["link"])}">{image}</a>'
            html = f'<div style="margin:0 0 16px">{image}</div>'
            text = (f"[{value['alt']}]" if value["alt"] else "") + (
                f" {value['link']}" if value["link"] else ""
            )
        elif block.block_type == "button":
            html = _button(value["label"], value["url"], mailing)
            text = f"{value['label']}: {value['url']}"
        elif block.block_type in ("card", "event"):
            card = card_for(value["page"])
            url = value["page"].specific.full_url or ""
            label = value["button"] or card.button or _("Read")
            html, text = _card(card, [(label, url)], mailing)
        elif block.block_type == "donation":
            card = card_for(value["page"])
            url = value["page"].specific.full_url or ""
            links = [
                (f"{amount} €", card.amount_url.format(amount=amount) if card.amount_url else url)
                for amount in parse_amounts(value["amounts"])
            ]
            html, text = _card(card, [*links, (_("Another amount"), url)], mailing)
        else:
            continue
        parts.append((html, text.strip()))
    return parts


def _card(card, links, mailing):
    """(html, text) of a page's card with its buttons ([(label, url)])."""
    buttons = "".join(_button(label, url, mailing) for label, url in links)
    html = render_to_string("mailings/mail/card.html", {"card": card, "button": buttons})
    lines = [card.title, card.text, card.figure, *(f"{label}: {url}" for label, url in links)]
    return html, "\n".join(line for line in lines if line)


def _button(label, url, mailing):
    brand = mail_html.branding(mailing.site, site_base_url(mailing.site))
    return (
        '<table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 16px">'
        f'<tr><td style="background:{brand["brand_colour"]};border-radius:4px">'
        f'<a href="{escape(url)}" style="display:inline-block;padding:12px 24px;'
        f'color:{brand["brand_text_colour"]};font-weight:bold;text-decoration:none">'
        f"{escape(label)}</a></td></tr></table>"
    )


class Renderer:
    """Every copy of one mailing, in one language."""

    def __init__(self, mailing, language=None, subject=None):
        self.mailing = mailing
        self.site = mailing.site
        self.language = language or settings.LANGUAGE_CODE
        self.base_url = site_base_url(self.site)
        self.from_email, self.reply_to = sender_of(self.site)
        self.sender_name = self.from_email.rpartition("<")[0].strip().strip('"')
        self.domain = self.from_email.rpartition("@")[2].rstrip(">") or "localhost"
        with translation.override(self.language):
            self.site_name = site_name_of(self.site)
            parts = block_parts(mailing, self.base_url)
            context = {
                "site_name": self.site_name,
                "base_url": self.base_url,
                "language": self.language,
                "content": "".join(html for html, _text in parts),
                # Filled per person (personalise.Split):
                "data_source": "{{ _why }}",
                "unsubscribe_url": "{{ _unsubscribe_url }}",
                "my_data_url": self.base_url + reverse("people:my_data_request"),
                **mail_html.branding(self.site, self.base_url),
            }
            html = render_to_string("mailings/mail/body.html", context)
            if clicks.tracks(mailing):
                # Our own pages about the person (their data) are not counted.
                html = clicks.rewrite(html, self.base_url, mailing.pk, self.base_url + "/_people/")
            self.html = personalise.Split(html)
            text = "\n\n".join(text for _html, text in parts if text)
            footer = render_to_string("mailings/mail/footer.txt", context)
            self.text = personalise.Split(text + "\n\n" + footer)
            self.purpose_label = str(purposes.label(mailing.purpose))
        # An A/B test's copies have one subject or the other.
        self.subject = personalise.Split(subject or mailing.subject)
        self.layout = None  # made from the first copy (rostra_mailings.wire)
        # An automation's step names its series.
        self.list_id = getattr(mailing, "list_id", f"mailing-{mailing.pk}")

    def why(self, person, consent):
        """Who sends, why this person gets it (the consent's source and date)."""
        sentence = _("You receive this because you agreed to receive “%(purpose)s” by email")
        text = sentence % {"purpose": self.purpose_label}
        if consent is not None:
            text += " " + _("on %(date)s") % {
                "date": formats.date_format(consent.recorded_at, "DATE_FORMAT")
            }
        return text + ". " + provenance.describe(person)

    def message(self, recipient, person, consent=None):
        values = personalise.values_for(person, self.sender_name)
        url = self.base_url + unsubscribe.path(person.pk, self.mailing.purpose)
        with translation.override(self.language):
            values["_why"] = self.why(person, consent)
        values["_unsubscribe_url"] = url
        values["_territory"] = person.departement_code or ""
        values["_variant"] = getattr(recipient, "variant", "")
        message = BroadcastEmail(
            subject=self.subject.fill(values),
            body=self.text.fill(values),
            from_email=self.from_email,
            to=[person.email],
            reply_to=self.reply_to,
            headers={
                "Message-ID": recipient.message_id(self.domain),
                "List-Unsubscribe": f"<{url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "List-Id": f"<{self.list_id}.{self.domain}>",
            },
        )
        message.attach_alternative(self.html.fill(values, escape), "text/html")
        if self.layout is None:
            self.layout = wire.Layout(message)  # from this first copy, built as usual
        message.layout = self.layout
        return message


class BroadcastEmail(PlatformEmail):
    """A copy of a mailing: to SMTP, its bytes are written into the layout of
    the mailing's first copy (rostra_mailings.wire); to anything else, an
    ordinary email."""

    layout = None

    def message(self, *, policy=email.policy.default):
        if policy is email.policy.SMTP and self.layout is not None:
            data = self.layout.copy_bytes(self)
            if data is not None:
                return wire.Flattened(data)
        return super().message(policy=policy)


def consents_of(person_ids, purpose):
    """{person_id: the ledger row of their current email consent for ``purpose``}."""
    states = ConsentState.objects.filter(
        person_id__in=person_ids, purpose=purpose, channel="email", granted=True
    ).select_related("consent")
    return {state.person_id: state.consent for state in states}
