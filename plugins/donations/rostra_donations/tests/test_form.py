"""The donor form: server-side amounts, link parameters, eligibility, attestations."""

import pytest

from rostra_donations.models import Donation

pytestmark = pytest.mark.django_db


def checkout_amount(fake_stripe):
    created = [p for m, path, p in fake_stripe.requests if path == "/v1/checkout/sessions"]
    return int(created[-1]["line_items"][0]["price_data"]["unit_amount"])


def test_amount_tampering_is_ignored(give, fake_stripe):
    # Extra fields a tamperer might add never reach the payment: the server builds it.
    response = give(amount_choice="50", amount="1", unit_amount="1", amount_cents="1")
    assert response.status_code == 302
    assert checkout_amount(fake_stripe) == 5000
    assert Donation.objects.get().amount == 5000


@pytest.mark.parametrize(
    "value",
    ["-50", "0", "0.001", "1e9", "abc", "NaN", "Infinity", "2", "100001"],
)
def test_bad_amounts_are_refused_without_storing_anything(give, fake_stripe, value):
    response = give(amount_choice="other", other_amount=value)
    assert response.status_code == 200
    assert not Donation.objects.exists()
    assert not [r for r in fake_stripe.requests if r[1] == "/v1/checkout/sessions"]


def test_free_amount_with_cents(give, fake_stripe):
    assert give(amount_choice="other", other_amount="12,50").status_code == 302
    assert checkout_amount(fake_stripe) == 1250


def test_link_parameters_preset_amounts_and_frequency(client, donation_page):
    html = client.get(
        donation_page.url + "?amounts=15,30,60&amount=30&frequency=monthly&refcode=mail-42"
    ).content.decode()
    assert 'value="15"' in html and 'value="60"' in html
    assert 'id="amount-monthly-2" value="30" checked' in html
    assert 'value="monthly" id="id_frequency_1" required checked' in html
    assert 'name="refcode" value="mail-42"' in html


def test_refcode_and_utm_are_stored_on_the_gift(give):
    give(refcode="mail-42", utm_source="newsletter", utm_campaign="printemps<script>")
    gift = Donation.objects.get()
    assert gift.refcode == "mail-42" and gift.utm_source == "newsletter"
    assert gift.utm_campaign == "printempsscript"


def test_foreign_non_resident_is_refused_in_french(give):
    html = give(nationality="ZZ", french_resident=None).content.decode()
    assert "nationalité française ou résidant en France" in html
    assert not Donation.objects.exists()


def test_foreign_resident_may_give(give):
    assert give(nationality="ZZ", french_resident="on").status_code == 302


def test_refusal_in_english(give):
    html = give(language="en", nationality="ZZ", french_resident=None).content.decode()
    assert "French law only allows gifts from French nationals" in html


def test_every_attestation_is_required(give):
    response = give(attest_cap=None)
    assert response.status_code == 200
    assert "La loi exige cette attestation pour donner." in response.content.decode()
    assert not Donation.objects.exists()


def test_honeypot_stops_bots(give):
    assert give(website="http://spam.example").status_code == 200
    assert not Donation.objects.exists()


def test_newsletter_consent_is_recorded_with_its_wording_once_paid(give, fake_stripe, deliver):
    from rostra.people.models import Consent

    from rostra_donations.tests.test_giving import session_id

    started = give(newsletter="on")
    assert not Consent.objects.exists()  # the address is not proven yet
    deliver(fake_stripe.complete(session_id(started)))
    consent = Consent.objects.get(purpose="newsletter")
    assert consent.granted and "nouvelles de la campagne" in consent.wording


def test_switched_off_plugin_hides_the_page(client, donation_page, national_site):
    from rostra.sitesettings.models import PluginSettings

    PluginSettings.objects.update_or_create(site=national_site, defaults={"enabled": []})
    from rostra import plugins

    plugins.forget_site(national_site.pk)
    assert client.get(donation_page.url).status_code == 404
