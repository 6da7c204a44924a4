"""The demo's donation page: on the national site, its goal half reached
through cheques, a card gift, a monthly donor and a refund. Without Stripe
keys the online gifts go through the local test mode, like a visitor's would."""

import datetime

from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils import timezone
from rostra.people.models import TimelineEntry
from wagtail.models import Locale
from wagtail.rich_text import RichText

from rostra_donations import providers, treasurer_actions
from rostra_donations.models import (
    Donation,
    DonationPage,
    PaymentAttempt,
    PaymentSettings,
    RecurringGift,
)

CHEQUES = [
    (
        "Mme",
        "Lucie",
        "Bernard",
        "lucie.bernard@example.org",
        "12 rue Paradis",
        "13006",
        "Marseille",
        300,
    ),
    ("M.", "Ahmed", "Haddad", "ahmed.haddad@example.org", "4 quai de Saône", "69002", "Lyon", 250),
    (
        "Mme",
        "Sophie",
        "Lefèvre",
        "sophie.lefevre@example.org",
        "7 rue Nationale",
        "59000",
        "Lille",
        500,
    ),
    (
        "M.",
        "Thomas",
        "Roux",
        "thomas.roux@example.org",
        "19 allée des Pins",
        "33000",
        "Bordeaux",
        150,
    ),
    ("Mme", "Inès", "Moreau", "ines.moreau@example.org", "3 place Royale", "44000", "Nantes", 200),
    (
        "M.",
        "Julien",
        "Fontaine",
        "julien.fontaine@example.org",
        "28 avenue Jean-Jaurès",
        "31000",
        "Toulouse",
        400,
    ),
    (
        "Mme",
        "Claire",
        "Petit",
        "claire.petit@example.org",
        "5 rue de la Gare",
        "67000",
        "Strasbourg",
        450,
    ),
]
REFUNDED = (
    "M.",
    "Marc",
    "Garnier",
    "marc.garnier@example.org",
    "9 rue Haute",
    "21000",
    "Dijon",
    100,
)


def load(demo):
    site, home = demo.site, demo.home
    if site is None or DonationPage.objects.descendant_of(home).exists():
        demo.say("Donation page already there; keeping it.")
        return
    admin = get_user_model().objects.get(username="admin")
    PaymentSettings.objects.update_or_create(
        site=site,
        defaults={
            "beneficiary": "Élan commun",
            "agent_kind": PaymentSettings.AgentKind.ASSOCIATION,
            "agent_name": "Association de financement d'Élan commun",
            "designation_date": datetime.date(2024, 5, 14),
            "offline_instructions": (
                "Chèque à l'ordre de « AF Élan commun », à envoyer au 12 rue de la République, "
                "75011 Paris, avec vos nom, adresse et nationalité.\n"
                "Virement : IBAN FR76 3000 6000 0112 3456 7890 189 (démo)."
            ),
            "alert_email": "tresorerie@example.org",
            "large_gift_threshold": 400,
        },
    )
    page = home.add_child(
        instance=DonationPage(
            title="Soutenir Élan commun",
            slug="faire-un-don",
            locale=home.locale,
            owner=admin,
            intro=RichText(
                "<p>Nous ne vivons que de vos dons et de vos cotisations. Chaque euro finance "
                "nos tracts, nos réunions publiques et nos campagnes de terrain.</p>"
            ),
            suggested_amounts="20, 50, 100, 200, 500",
            monthly_amounts="5, 10, 20, 50",
            goal=5000,
            thank_you_text=RichText("<p>Votre soutien compte énormément.</p>"),
        )
    )
    page.save_revision(user=admin).publish()
    en = Locale.objects.filter(language_code="en").first()
    if en is not None and home.get_translations().filter(locale=en).exists():
        copy = page.copy_for_translation(en)
        copy.title, copy.slug = "Support Élan commun", "donate"
        copy.intro = RichText(
            "<p>We live on your gifts and dues alone. Every euro pays for our leaflets, "
            "public meetings and campaigning.</p>"
        )
        copy.save_revision(user=admin).publish()

    now = timezone.now()
    for index, (civility, first, last, email, street, postcode, town, euros) in enumerate(CHEQUES):
        _cheque(
            site,
            page,
            admin,
            now - datetime.timedelta(days=3 * index + 2),
            civility,
            first,
            last,
            email,
            street,
            postcode,
            town,
            euros,
        )
    refunded = _cheque(site, page, admin, now - datetime.timedelta(days=25), *REFUNDED)
    treasurer_actions.refund(refunded, amount=refunded.amount, reason="Don en double", user=admin)

    online = providers.online_for_site(site)
    if online is not None and online.test_mode:
        _card_gift(site, page, online)
        _monthly_donor(site, page, online)
    else:
        _cheque(
            site,
            page,
            admin,
            now - datetime.timedelta(days=1),
            "Mme",
            "Nadia",
            "Benali",
            "nadia.benali@example.org",
            "1 rue Verte",
            "75020",
            "Paris",
            250,
        )
    page.forget_raised()
    demo.extra["donation_page"] = page
    # The home page links it (rostra.pages.demo.finish).
    demo.extra.setdefault("home_actions", []).append(
        {
            "page": page,
            "heading": "Soutenez-nous",
            "text": "Chaque don finance nos tracts, nos réunions et nos campagnes de terrain.",
            "label": "Faire un don",
            "heading_en": "Support us",
            "text_en": "Every gift pays for our leaflets, meetings and campaigning.",
            "label_en": "Give",
        }
    )
    demo.say(
        f"Donation page created: {page.url} (goal 5 000 €, {page.raised()} € raised; "
        f"{'local test mode' if online and online.test_mode else 'offline gifts only'})."
    )


def _cheque(site, page, admin, when, civility, first, last, email, street, postcode, town, euros):
    donation = treasurer_actions.record_offline(
        site,
        {
            "kind": Donation.Kind.GIFT,
            "method": "cheque",
            "amount": euros * 100,
            "paid_at": when,
            "bank_reference": f"CHQ {abs(hash((first, last))) % 10_000_000:07d}",
            "civility": civility,
            "first_name": first,
            "last_name": last,
            "email": email,
            "address_line1": street,
            "postcode": postcode,
            "town": town,
        },
        user=admin,
    )
    Donation.objects.filter(pk=donation.pk).update(page=page)
    return Donation.objects.get(pk=donation.pk)


def _start(site, page, provider, *, first, last, email, euros, monthly):
    from rostra_donations import checkout

    request = RequestFactory().post(page.url, HTTP_HOST=site.hostname)
    request.META["REMOTE_ADDR"] = "127.0.0.1"
    started = checkout.start(
        page=page,
        site=site,
        request=request,
        language="fr",
        success_url=page.url + "merci/{token}/",
        cancel_url=page.url + "annule/{token}/",
        data={
            "frequency": "monthly" if monthly else "one_off",
            "amount": euros * 100,
            "civility": "",
            "first_name": first,
            "last_name": last,
            "email": email,
            "address_line1": "10 rue de la Paix",
            "address_line2": "",
            "postcode": "75002",
            "town": "Paris",
            "country": "FR",
            "nationality": "FR",
            "french_resident": True,
            "refcode": "demo-newsletter",
            "utm_source": "",
            "utm_medium": "",
            "utm_campaign": "",
            "utm_content": "",
            "utm_term": "",
        },
    )
    return started.donation


def _deliver(site, provider, events):
    from rostra_donations.views.testmode import deliver

    deliver(provider, site, events)


def _card_gift(site, page, provider):
    donation = _start(
        site,
        page,
        provider,
        first="Élise",
        last="Garcia",
        email="elise.garcia@example.org",
        euros=190,
        monthly=False,
    )
    session = PaymentAttempt.objects.get(donation=donation).session_ref
    _deliver(site, provider, provider.stand_in.complete(session, method="card"))


def _monthly_donor(site, page, provider):
    donation = _start(
        site,
        page,
        provider,
        first="Hugo",
        last="Lambert",
        email="hugo.lambert@example.org",
        euros=20,
        monthly=True,
    )
    session = PaymentAttempt.objects.get(donation=donation).session_ref
    _deliver(site, provider, provider.stand_in.complete(session, method="card"))
    subscription = RecurringGift.objects.get(pk=donation.recurring_id).subscription_ref
    for _month in range(2):
        _deliver(site, provider, [provider.stand_in.invoice_paid(subscription)])
    # Backdate the months so the ledger reads like a real monthly donor's.
    for months_ago, gift in enumerate(
        Donation.objects.filter(recurring_id=donation.recurring_id).order_by("-pk")
    ):
        when = timezone.now() - datetime.timedelta(days=30 * months_ago)
        Donation.objects.filter(pk=gift.pk).update(created_at=when, paid_at=when)
        TimelineEntry.objects.filter(data__donation=gift.pk).update(occurred_at=when)
