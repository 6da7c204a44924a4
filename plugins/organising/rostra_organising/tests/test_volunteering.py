"""The "Je m'engage" form, the volunteer's link, and the admin's list of
volunteers (filters, a candidate's territory, masking)."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from rostra.people import api
from rostra.people.models import Consent, ConsentState, Person, TimelineEntry
from wagtail import hooks

from rostra_organising.volunteering.models import Volunteer

from .conftest import committed, last_mail_to
from .volunteering_helpers import make_volunteer_page, offer


@pytest.fixture
def page(national_site):
    return make_volunteer_page(national_site)


def test_an_offer_is_kept_with_its_tasks_and_goes_on_the_timeline(client, page):
    response = offer(client, page)
    assert response.status_code == 200
    volunteer = Volunteer.objects.get()
    assert volunteer.task_list() == ["assessor", "doors"]
    assert volunteer.availability_list() == ["election_day", "weekends"]
    assert volunteer.commune_code == "69123" and volunteer.departement_code == "69"
    assert volunteer.phone == "+33612345678"
    assert volunteer.person.email == "camille.durand@example.org"
    entry = TimelineEntry.objects.get(person=volunteer.person, data__volunteer=volunteer.pk)
    assert "Door-to-door" in str(entry) or "Porte-à-porte" in str(entry) or entry.params
    message = last_mail_to("camille.durand@example.org")
    assert "/_organising/volunteer/" in message.body
    # Nothing is consented before the address is proven.
    assert not ConsentState.objects.filter(person=volunteer.person).exists()


def test_the_link_confirms_the_address_and_records_the_consent_once(client, page):
    offer(client, page)
    link = re.search(r"https?://\S+(/_organising/volunteer/\d+/\w+/)", mail.outbox[-1].body)
    path = link.group(1)
    assert client.get(path).status_code == 200
    assert not Consent.objects.exists()  # a GET (a mail scanner) changes nothing
    with committed():
        assert client.post(path, {"action": "confirm"}).status_code == 200
        client.post(path, {"action": "confirm"})
    consents = Consent.objects.filter(purpose="volunteering")
    assert sorted(consents.values_list("channel", flat=True)) == ["email", "phone"]
    assert consents[0].wording == Volunteer.objects.get().consent_wording != ""
    person = Person.objects.get()
    assert person.first_name == "Camille" and person.postcode == "69003"


def test_a_forged_link_is_refused(client, page):
    offer(client, page)
    volunteer = Volunteer.objects.get()
    assert client.get(f"/_organising/volunteer/{volunteer.pk}/{'0' * 32}/").status_code == 404


def test_the_form_refuses_no_task_a_missing_proof_of_work_and_a_robot(client, page):
    response = offer(client, page, tasks=[], altcha="")
    assert response.status_code == 400
    assert offer(client, page, website="http://spam.example").status_code == 200
    assert not Volunteer.objects.exists() and not Person.objects.exists()


def test_a_known_person_is_not_rewritten_by_an_offer(client, page):
    api.find_or_create(email="camille.durand@example.org", first_name="Vraie", postcode="75011")
    offer(client, page, first_name="Usurpateur")
    person = Person.objects.get()
    assert person.first_name == "Vraie" and person.postcode == "75011"
    assert Volunteer.objects.get().first_name == "Usurpateur"


def test_the_admin_lists_volunteers_with_filters(client, page, admin_user):
    offer(client, page)
    offer(
        client,
        page,
        email="hugo@example.org",
        first_name="Hugo",
        postcode="59000",
        tasks=["phoning"],
        availability=["evenings"],
    )
    client.force_login(admin_user)
    url = "/admin/organising/volunteers/"
    text = client.get(url).text
    assert "Camille Durand" in text and "Hugo Durand" in text
    text = client.get(url + "?task=phoning").text
    assert "Hugo Durand" in text and "Camille Durand" not in text
    text = client.get(url + "?available=election_day").text
    assert "Camille Durand" in text and "Hugo Durand" not in text
    text = client.get(url + "?departement_code=59").text
    assert "Hugo Durand" in text and "Camille Durand" not in text
    inspect = client.get(f"{url}inspect/{Volunteer.objects.get(first_name='Hugo').pk}/")
    assert inspect.status_code == 200 and "hugo@example.org" in inspect.text


def test_a_candidate_sees_only_their_territory_masked(client, page, django_user_model):
    offer(client, page)  # Lyon, consent not yet proven
    offer(client, page, email="nord@example.org", first_name="Nord", postcode="59000")
    team = django_user_model.objects.create_user("equipe", "e@example.org", "pw")
    team.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_volunteer"])
    )
    lyon = Volunteer.objects.get(first_name="Camille")

    def lyon_only(user, queryset):
        return queryset.filter(postcode__startswith="69") if user == team else queryset

    client.force_login(team)
    with (
        hooks.register_temporarily("people_queryset_for_user", lyon_only),
        hooks.register_temporarily("people_masking_for_user", lambda user: user == team),
    ):
        text = client.get("/admin/organising/volunteers/").text
        assert "Camille Durand" in text and "Nord Durand" not in text
        assert "camille.durand@example.org" not in text and "••••••" in text
        nord = Volunteer.objects.get(first_name="Nord")
        assert client.get(f"/admin/organising/volunteers/inspect/{nord.pk}/").status_code in (
            302,
            403,
            404,
        )
        inspect = client.get(f"/admin/organising/volunteers/inspect/{lyon.pk}/").text
        assert "camille.durand@example.org" not in inspect and "+33612345678" not in inspect
        # Once the person consents by email, the address shows; the phone stays masked.
        api.record_consent(
            lyon.person, purpose="volunteering", granted=True, wording="x", channel="email"
        )
        text = client.get("/admin/organising/volunteers/").text
        assert "camille.durand@example.org" in text and "+33612345678" not in text
        # The contact fields are not searched.
        assert "Camille" not in client.get("/admin/organising/volunteers/?q=camille.durand").text


def test_an_offer_is_exported_and_erased_with_its_person(client, page):
    offer(client, page)
    person = Volunteer.objects.get().person
    assert "Anglais, permis B" in str(api.export_data(person))
    api.erase(person)
    kept = Volunteer.objects.get()
    assert kept.email == "" and kept.skills == "" and kept.task_list() == ["assessor", "doors"]
