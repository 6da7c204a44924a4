"""Fixtures of the donations tests: a site with its own Stripe account, a
donation page, and Stripe itself stood in for by a local transport that
answers with objects built from Stripe's published shapes, vendored with
their licence in rostra_donations/testmode (the tests read nothing outside the
repository)."""

import json
import time

import pytest
from django.test import RequestFactory, TestCase

from rostra_donations import providers
from rostra_donations.models import DonationPage, PaymentSettings
from rostra_donations.testmode import stripe as local

API_KEY = "sk_test_rostra_tests"
WEBHOOK_SECRET = "whsec_rostra_tests_0123456789"


@pytest.fixture(scope="session")
def stripe_shapes():
    return local.load_shapes()


@pytest.fixture
def fake_stripe(stripe_shapes, monkeypatch):
    """The transport every StripeClient of the test gets; records its requests."""
    transport = local.LocalStripe(shapes=stripe_shapes)
    original = providers.stripe_client

    def client(api_key):
        # Each site's own account: API_KEY, or API_KEY + a suffix for another site's.
        assert api_key.startswith(API_KEY), "the site's own key must reach Stripe"
        built = original(api_key)
        return type(built)(api_key, http_client=transport)

    monkeypatch.setattr(providers, "stripe_client", client)
    return transport


@pytest.fixture
def payment_settings(national_site, fake_stripe, settings):
    settings.DONATIONS_TEST_MODE = False
    from rostra_donations import vault

    return PaymentSettings.objects.create(
        site=national_site,
        beneficiary="Élan commun",
        agent_kind=PaymentSettings.AgentKind.ASSOCIATION,
        agent_name="Association de financement d'Élan commun",
        stripe_secret_key_sealed=vault.seal(API_KEY),
        stripe_webhook_secret_sealed=vault.seal(WEBHOOK_SECRET),
        alert_email="tresorerie@example.org",
        large_gift_threshold=1000,
    )


@pytest.fixture
def donation_page(national_site, payment_settings):
    page = DonationPage(
        title="Faire un don",
        slug="don",
        suggested_amounts="10, 20, 50, 100",
        monthly_amounts="5, 10, 20",
        goal=10_000,
    )
    national_site.root_page.add_child(instance=page)
    page.save_revision().publish()
    return page


DONOR = {
    "frequency": "one_off",
    "amount_choice": "50",
    "civility": "Mme",
    "first_name": "Jeanne",
    "last_name": "Dupont",
    "email": "jeanne.dupont@example.org",
    "address_line1": "3 rue des Lilas",
    "postcode": "69003",
    "town": "Lyon",
    "country": "FR",
    "nationality": "FR",
    "french_resident": "on",
    "attest_own_money": "on",
    "attest_nationality": "on",
    "attest_cap": "on",
}


@pytest.fixture
def give(client, donation_page):
    """Post the donor form; returns the response (a redirect to the payment page)."""

    def post(language="fr", **changes):
        data = {**DONOR, **changes}
        data = {key: value for key, value in data.items() if value is not None}
        prefix = "" if language == "fr" else f"/{language}"
        return client.post(prefix + donation_page.url, data, HTTP_ACCEPT_LANGUAGE=language)

    return post


def post_event(client, site, event, *, secret=WEBHOOK_SECRET, timestamp=None, body=None):
    payload = body if body is not None else json.dumps(event)
    header = local.sign(payload, secret, timestamp if timestamp is not None else time.time())
    return client.post(
        f"/_donations/stripe/{site.pk}/webhook/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )


@pytest.fixture
def deliver(client, national_site, django_capture_on_commit_callbacks):
    """Post events as Stripe would, signed; asserts each is accepted. What runs
    after commit (signal, acknowledgement task) runs as in production."""

    def send(events, site=None):
        responses = []
        for event in events:
            with django_capture_on_commit_callbacks(execute=True):
                response = post_event(client, site or national_site, event)
            assert response.status_code == 200, response.content
            responses.append(response)
        return responses

    return send


# Sites with their own Stripe account ----------------------------------------


def stripe_account(site, secret, *, key=API_KEY, **fields):
    """The site's own Stripe account: its API key and its webhook secret."""
    from rostra_donations import vault

    defaults = {
        "beneficiary": site.site_name,
        "agent_name": f"Mandataire de {site.site_name}",
        "stripe_secret_key_sealed": vault.seal(key),
        "stripe_webhook_secret_sealed": vault.seal(secret),
        "alert_email": f"tresorerie@{site.hostname}",
        **fields,
    }
    PaymentSettings.objects.update_or_create(site=site, defaults=defaults)
    return secret


def donation_page_on(site, slug="don"):
    page = DonationPage(title=f"Don · {site.site_name}", slug=slug, suggested_amounts="10, 50")
    site.root_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def start_gift(page, *, euros=50, monthly=False, first="Jeanne", last="Dupont", email=None):
    """A gift started as the donation form starts it (checkout.start), its
    checkout open at the stand-in for Stripe."""
    from rostra_donations import checkout

    site = page.get_site()
    request = RequestFactory().post(page.url, HTTP_HOST=site.hostname)
    request.META["REMOTE_ADDR"] = "192.0.2.10"
    email = email or f"{first}.{last}@example.org".lower()
    return checkout.start(
        page=page,
        site=site,
        request=request,
        language="fr",
        success_url=page.url + "merci/{token}/",
        cancel_url=page.url + "annule/{token}/",
        data={
            "frequency": "monthly" if monthly else "one_off",
            "amount": euros * 100,
            "first_name": first,
            "last_name": last,
            "email": email,
            "address_line1": "3 rue des Lilas",
            "postcode": "69003",
            "town": "Lyon",
            "country": "FR",
            "nationality": "FR",
            "french_resident": True,
        },
    ).donation


def session_of(donation):
    return donation.attempts.order_by("pk").first().session_ref


def send_signed(client, site, events, secret=WEBHOOK_SECRET):
    """Post events to a site's webhook, signed with ``secret``; what runs after
    commit (kept events applied, acknowledgements) runs as in production."""
    responses = []
    for event in events:
        with TestCase.captureOnCommitCallbacks(execute=True):
            responses.append(post_event(client, site, event, secret=secret))
    return responses


@pytest.fixture
def treasurer_of(django_user_model):
    """A treasurer of one site: the permission, and the site's pages to edit."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    def make(site, username="tresorier"):
        user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
        group = Group.objects.create(name=f"Trésorerie {username}")
        group.permissions.add(
            Permission.objects.get(codename="access_admin"),
            Permission.objects.get(codename="treasurer", content_type__app_label="donations"),
        )
        GroupPagePermission.objects.create(
            group=group,
            page=site.root_page,
            permission=Permission.objects.get(codename="change_page"),
        )
        user.groups.add(group)
        return user

    return make
