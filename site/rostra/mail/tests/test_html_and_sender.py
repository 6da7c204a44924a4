"""Each site's emails come from its own sender, and every email has an HTML
part in the site's look beside its text."""

import email
import email.policy

import pytest
from django.core import mail
from django.urls import reverse

from rostra.mail.models import SenderSettings
from rostra.mail.sending import render_message
from rostra.sitesettings.models import BrandSettings

pytestmark = pytest.mark.django_db


def test_emails_come_from_the_sites_sender(national_site, other_site, settings):
    settings.DEFAULT_FROM_EMAIL = "Rostra <no-reply@localhost>"
    SenderSettings.objects.create(
        site=national_site,
        from_name="Élan commun",
        from_address="contact@elan.example.org",
        reply_to="equipe@elan.example.org",
    )
    message = render_message(
        "people_data_link", to="a@example.org", context={}, language="fr", site=national_site
    )
    assert message.from_email == "Élan commun <contact@elan.example.org>"
    sent = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
    assert str(sent["From"]) == "Élan commun <contact@elan.example.org>"
    assert message.reply_to == ["equipe@elan.example.org"]
    # A site without settings: its own name, the platform's address.
    other = render_message(
        "people_data_link", to="a@example.org", context={}, language="fr", site=other_site
    )
    assert other.from_email == "Lyon <no-reply@localhost>"
    assert other.reply_to == []


def test_a_text_only_email_gets_an_html_part_in_the_sites_colours(national_site):
    BrandSettings.objects.create(
        site=national_site, organisation_name="Élan commun", primary_colour="#ffd200"
    )
    message = render_message(
        "people_data_link",
        to="a@example.org",
        context={"path": "/mes-donnees/abc/", "days": 7},
        language="fr",
        site=national_site,
    )
    assert "http://localhost/mes-donnees/abc/" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert '<html lang="fr">' in html
    assert "background:#ffd200;color:#000000" in html  # black reads better on yellow
    assert '<a href="http://localhost/mes-donnees/abc/"' in html  # links clickable
    assert html.count("Élan commun — ") == 1  # the footer once, not the text's too
    assert "<br>" in html or "</p>\n\n<p>" in html  # lines kept


def test_the_invitation_comes_from_the_party_and_says_its_name(
    national_site, django_capture_on_commit_callbacks, admin_user
):
    from rostra.mail.sending import deliver

    BrandSettings.objects.create(site=national_site, organisation_name="Élan commun")
    deliver.call(
        template="network_invitation",
        to="amina@example.org",
        context={"path": "/x/", "candidate": "Amina", "site_url": "http://lyon", "username": "a"},
        language="fr",
        person_id=None,
        purpose="",
        site_id=national_site.pk,
        attachments=[],
    )
    [message] = mail.outbox
    assert "Élan commun" in message.subject and "Rostra" not in message.subject
    assert "Rostra" not in message.from_email


def test_the_sender_is_a_setting_of_each_site(client, admin_user, national_site):
    client.force_login(admin_user)
    url = reverse("wagtailsettings:edit", args=["mail", "sendersettings", national_site.pk])
    response = client.post(
        url, {"from_name": "Élan commun", "from_address": "contact@elan.example.org"}
    )
    assert response.status_code == 302
    message = render_message(
        "people_data_link", to="a@example.org", context={}, language="en", site=national_site
    )
    assert message.from_email.endswith("<contact@elan.example.org>")
