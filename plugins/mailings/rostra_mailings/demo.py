"""The demo's mailings: a national newsletter sent (its copies in the outbox,
its figures on its page), a draft, a candidate's local newsletter sent to
the consenting supporters of their territory only, and the welcome series
running. Idempotent: each is made once, by its subject or name."""

from django.contrib.auth import get_user_model
from rostra import scoping
from rostra.people import api
from wagtail import hooks
from wagtail.models import Site

from rostra_mailings import automations, sending
from rostra_mailings.models import (
    Automation,
    AutomationStep,
    Enrollment,
    Mailing,
    MailingSettings,
)
from rostra_mailings.sms import demo as sms_demo

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
    texted = sms_demo.finish(demo.site, staff)
    started = _welcome_series(demo.site)
    demo.say(
        f"Mailings: one sent, one draft, one candidate's local newsletter ({Mailing.objects.count()} in all)."
    )
    demo.say(f"Welcome series on: {started} demo supporters in it; each new one starts it.")
    demo.say(f"SMS broadcast sent: {texted.recipients.count()} texts in the SMS outbox.")


WELCOME = "Bienvenue dans la campagne"
WELCOME_STEPS = [
    (
        0,
        '{{ first_name|default:"Bonjour" }}, bienvenue dans la campagne',
        "Merci de nous avoir rejoints. Chaque semaine, une lettre vous dit où en est la campagne et comment y prendre part.",
        False,
    ),
    (
        3,
        "Trois façons d’agir cette semaine",
        "Signer et faire signer la pétition, venir à une réunion publique près de chez vous, parler de la campagne autour de vous.",
        False,
    ),
    (
        4,
        "Un coup de pouce pour la campagne ?",
        "Une campagne vit des dons de celles et ceux qui la soutiennent : même 5 euros comptent.",
        True,
    ),
]


def _welcome_series(site, people=10):
    """The site's welcome series, on: every new supporter of the site starts it
    (the core's person_created). The demo's latest supporters who consent to
    the newsletter start it now, so it is seen running: its first message in
    the outbox, the next ones waiting for their day."""
    series = Automation.objects.filter(site=site, name=WELCOME).first()
    if series is None:
        series = Automation.objects.create(
            site=site, name=WELCOME, trigger=Automation.Trigger.JOINED, active=True
        )
        for order, (days, subject, text, unless_given) in enumerate(WELCOME_STEPS):
            AutomationStep.objects.create(
                automation=series,
                sort_order=order,
                delay_days=days,
                subject=subject,
                body=[("text", text)],
                only_if_not_given=unless_given,
            )
    if not Enrollment.objects.filter(automation=series).exists():
        latest = api.contactable("newsletter", "email").exclude(email="").order_by("-pk")
        for person in latest[:people]:
            automations.enroll(site, Automation.Trigger.JOINED, person)
        while automations.send_due():
            pass
    return Enrollment.objects.filter(automation=series).count()


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
