"""A donor's way to the payment page and back is one the browser lets through:
every redirect that follows a form is allowed by the CSP ``form-action`` of
the page holding that form, and every address the site builds (the payment's
return and cancel addresses) is on the host the donor is on.

The sites are named as under `make run` (localhost and lyon.localhost, port
8000), and the donor arrives under another name of the site (127.0.0.1:8000).
"""

from urllib.parse import urljoin, urlsplit

import pytest
from rostra.tests.form_action import assert_allows
from wagtail.models import Site

from rostra_donations.models import PaymentSettings
from rostra_donations.tests.conftest import DONOR

pytestmark = pytest.mark.django_db

ORIGIN = "http://localhost:8000"


@pytest.fixture
def sites_as_make_run_names_them(national_site, other_site, settings):
    settings.ROSTRA_REDIRECT_TO_CANONICAL_HOST = True
    for site in Site.objects.all():
        site.port = 8000
        site.save()


class Browser:
    """The Django test client asked the way a browser asks: by full address."""

    def __init__(self, client):
        self.client = client

    def _ask(self, method, url, data=None):
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        extra = {"HTTP_HOST": parts.netloc, "SERVER_PORT": str(parts.port or 80)}
        if method == "GET":
            return self.client.get(path, **extra)
        return self.client.post(path, data, **extra)

    def get(self, url):
        return self._ask("GET", url)

    def post(self, url, data):
        return self._ask("POST", url, data)


def test_a_donor_arriving_under_another_name_pays_and_comes_back(
    client, donation_page, national_site, settings, sites_as_make_run_names_them
):
    PaymentSettings.objects.filter(site=national_site).update(
        stripe_secret_key_sealed="", stripe_webhook_secret_sealed=""
    )
    settings.DONATIONS_TEST_MODE = True  # the stand-in for Stripe, as under `make run`
    browser = Browser(client)
    arrived = browser.get("http://127.0.0.1:8000/don/")
    assert arrived.status_code == 302
    page_url = arrived["Location"]
    assert page_url == f"{ORIGIN}/don/"

    form_page = browser.get(page_url)
    posted = browser.post(page_url, DONOR)
    assert posted.status_code == 302
    assert_allows(form_page, page_url, posted["Location"])

    checkout_url = urljoin(page_url, posted["Location"])
    checkout_page = browser.get(checkout_url)
    assert checkout_page.status_code == 200
    paid = browser.post(checkout_url, {"action": "card"})
    assert paid.status_code == 302
    assert_allows(checkout_page, checkout_url, paid["Location"])

    thanks_url = urljoin(checkout_url, paid["Location"])
    assert thanks_url.startswith(f"{ORIGIN}/don/merci/")
    assert "est confirmé" in browser.get(thanks_url).content.decode()


def test_the_donation_form_may_lead_to_stripes_hosted_page(
    client, donation_page, fake_stripe, sites_as_make_run_names_them
):
    fake_stripe.hosted_url = "https://checkout.stripe.com/c/pay/{id}"
    browser = Browser(client)
    page_url = f"{ORIGIN}/don/"
    form_page = browser.get(page_url)
    posted = browser.post(page_url, DONOR)
    assert posted["Location"].startswith("https://checkout.stripe.com/c/pay/cs_test_")
    assert_allows(form_page, page_url, posted["Location"])
    # A form shown again (a mistake to correct) may still lead there.
    again = browser.post(page_url, {**DONOR, "email": "not an address"})
    assert again.status_code == 200
    assert "https://checkout.stripe.com" in again["Content-Security-Policy"]
    # Stripe sends the donor back to the host they gave on.
    [(_method, _path, params)] = [r for r in fake_stripe.requests if r[1].endswith("/sessions")]
    assert params["success_url"].startswith(f"{ORIGIN}/don/merci/")
    assert params["cancel_url"].startswith(f"{ORIGIN}/don/annule/")
