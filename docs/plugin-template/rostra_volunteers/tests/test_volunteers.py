"""The plugin as a visitor, a coordinator and a webmaster see it."""

import re

from django.core import mail
from rostra.people import api
from rostra.people.models import Consent, Person
from rostra.sitesettings.models import PluginSettings

from rostra_volunteers.models import Availability, VolunteerPage


def offer(client, page, **fields):
    data = {
        "first_name": "Camille",
        "email": "camille@example.org",
        "skills": ["leaflets", "polling"],
        "note": "Le week-end",
        "consent": "on",
        **fields,
    }
    return client.post(page.url, data)


def test_an_offer_is_recorded_once_the_address_is_confirmed(client, volunteer_page):
    response = offer(client, volunteer_page)
    assert response.status_code == 200
    assert "Ouvrez le lien que nous venons de vous envoyer" in response.content.decode()
    assert not Person.objects.exists()  # nothing is stored before the proof
    [message] = mail.outbox
    assert message.subject == "Confirmez votre proposition d'aide"
    link = re.search(r"http://localhost(/benevoles/confirm/\?t=\S+)", message.body).group(1)

    assert "Confirmer ma proposition" in client.get(link).content.decode()
    assert not Person.objects.exists()  # a mail scanner's GET records nothing
    mail.outbox.clear()
    client.post(link)
    client.post(link)  # a second click changes nothing

    person = api.find("camille@example.org")
    assert person.first_name == "Camille"
    assert api.can_contact(person, "volunteer_contact")
    [consent] = Consent.objects.filter(person=person)
    assert consent.wording == "J'accepte d'être contacté·e par e-mail pour devenir bénévole."
    [availability] = Availability.objects.filter(person=person)
    assert (availability.skills, availability.note) == (["leaflets", "polling"], "Le week-end")
    [notice] = mail.outbox  # the coordinator hears of it once
    assert (notice.to, notice.subject) == (["equipe@example.org"], "Un nouveau bénévole : Camille")


def test_consent_cannot_be_skipped(client, volunteer_page):
    response = offer(client, volunteer_page, consent="")
    assert "Champ requis." in response.content.decode()
    assert not mail.outbox


def test_a_tampered_link_records_nothing(client, volunteer_page):
    response = client.post(volunteer_page.url + "confirm/?t=not-a-token")
    assert "Ce lien ne fonctionne pas" in response.content.decode()
    assert not Person.objects.exists()


def test_switched_off_for_the_site_the_plugin_is_gone(client, admin_client, site, volunteer_page):
    choices = f"/admin/pages/{site.root_page.pk}/add_subpage/"
    assert "Page bénévoles" in admin_client.get(choices).content.decode()
    PluginSettings.objects.update_or_create(site=site, defaults={"enabled": []})
    assert client.get(volunteer_page.url).status_code == 404
    assert not VolunteerPage.can_create_at(site.root_page)
    # No longer offered in the admin, and refused if asked for all the same.
    assert "Page bénévoles" not in admin_client.get(choices).content.decode()
    add = f"/admin/pages/add/volunteers/volunteerpage/{site.root_page.pk}/"
    refused = admin_client.post(add, {"title": "Aider", "slug": "aider", "action-publish": "1"})
    assert (refused.status_code, refused.url) == (302, "/admin/")  # Wagtail's permission denied
    assert VolunteerPage.objects.count() == 1
    person, _ = api.find_or_create(email="dominique@example.org", site=site)
    api.record_consent(person, purpose="volunteer_contact", granted=True, site=site)
    assert not mail.outbox  # its receiver does not run for this site


def test_the_demo_adds_one_volunteer_page(site):
    import io

    from rostra.demo import Demo

    from rostra_volunteers import demo

    loaded = Demo(stdout=io.StringIO(), site=site, home=site.root_page)
    demo.load(loaded)
    demo.load(loaded)  # run again: nothing more
    assert [page.slug for page in VolunteerPage.objects.all()] == ["benevoles"]
