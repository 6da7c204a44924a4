"""The demo's mailings: a national newsletter sent (its copies in the outbox,
its figures on its page), a draft, and a candidate's local newsletter sent to
the consenting supporters of their territory only. Idempotent: each is made
once, by its subject."""

from django.contrib.auth import get_user_model
from rostra import scoping
from wagtail import hooks
from wagtail.models import Site

from rostra_mailings import sending
from rostra_mailings.models import Mailing, MailingSettings

SENT = '{{ first_name|default:"Bonjour" }}, la semaine de la campagne'
DRAFT = "Brouillon : le programme de juin"
LOCAL = '{{ first_name|default:"Bonjour" }}, des nouvelles de {{ commune|default:"chez nous" }}'


def finish(demo):
    """After every loader: people, petitions, candidate sites and senders exist."""
    if demo.site is None:
        return
    staff = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if staff is None:
        return
    settings = MailingSettings.for_site(demo.site)
    settings.click_tracking = True
    settings.save()
    body = [
        (
            "text",
            'Bonjour {{ first_name|default:"à vous" }},\n\nCette semaine, trois réunions publiques et une pétition qui dépasse ses objectifs. Merci d’être là.',
        ),
        *_card(demo.home),
        ("button", {"label": "Voir l’agenda", "url": demo.url("/")}),
    ]
    sent = _mailing(demo.site, SENT, body, track_clicks=True)
    _send(sent, staff)
    _mailing(demo.site, DRAFT, [("text", "Le programme de juin, à relire avant envoi.")])
    candidate = _candidate(demo)
    if candidate is not None:
        site, user = candidate
        local = _mailing(
            site,
            LOCAL,
            [
                (
                    "text",
                    'Bonjour {{ first_name|default:"à vous" }},\n\nRendez-vous samedi au marché pour parler de la campagne.',
                )
            ],
            created_by=user,
        )
        _send(local, user)
    demo.say(
        f"Mailings: one sent, one draft, one candidate's local newsletter ({Mailing.objects.count()} in all)."
    )


def _mailing(site, subject, body, **fields):
    mailing = Mailing.objects.filter(site=site, subject=subject).first()
    if mailing is None:
        mailing = Mailing.objects.create(site=site, subject=subject, body=body, **fields)
    return mailing


def _send(mailing, user):
    if mailing.status != Mailing.Status.DRAFT:
        return
    sending.start(mailing, user, enqueue=False)
    while not sending.send_batch(mailing.pk, size=500).stopped:
        pass


def _card(home):
    """A card of the first page a plugin describes (a petition and its count)."""
    for page in home.get_descendants().live().specific().iterator():
        if any(hook(page) for hook in hooks.get_hooks("mailing_card")):
            return [("card", {"page": page, "button": ""})]
    return []


def _candidate(demo):
    """A candidate site and its team's login (their scope: that site only)."""
    users = get_user_model().objects.filter(is_superuser=False, is_active=True).order_by("pk")
    for user in users:
        ids = scoping.site_ids_for(user)
        if ids and len(ids) == 1 and user.has_perm("mailings.send"):
            site = Site.objects.filter(pk=next(iter(ids))).first()
            if site is not None:
                return site, user
    return None
