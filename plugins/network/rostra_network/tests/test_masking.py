"""A candidate sees a supporter's contact details only where the supporter
consented; revealing one is deliberate and written to the audit log."""

from django.contrib.auth.models import Permission
from rostra.people import api
from wagtail.models import ModelLogEntry

from rostra_network.tests.conftest import reads_english


def supporter(email, last_name, *, consent_email=False):
    person, _ = api.find_or_create(
        email=email,
        last_name=last_name,
        phone="+33612345678",
        address_line1="3 rue Mercière",
        postcode="69002",
        commune="Lyon",
    )
    if consent_email:
        api.record_consent(person, purpose="newsletter", granted=True, wording="Oui")
    return person


def test_fields_outside_consent_are_masked_until_revealed(candidate_a, client):
    quiet = supporter("discrete@example.org", "Discrète")
    agreed = supporter("newsletter@example.org", "Abonnée", consent_email=True)
    reads_english(candidate_a.user)
    client.force_login(candidate_a.user)

    listing = client.get("/admin/people/person/").content.decode()
    assert "newsletter@example.org" in listing
    assert "discrete@example.org" not in listing and "••••••" in listing

    page = client.get(f"/admin/people/person/inspect/{quiet.pk}/").content.decode()
    assert "discrete@example.org" not in page
    assert "3 rue Mercière" not in page
    assert "Reveal (recorded in the log)" in page
    assert not ModelLogEntry.objects.filter(action="people.reveal").exists()

    client.post(f"/admin/people/person/{quiet.pk}/reveal/", {"field": "email"})
    page = client.get(f"/admin/people/person/inspect/{quiet.pk}/").content.decode()
    assert "discrete@example.org" in page
    assert "3 rue Mercière" not in page  # only what was asked for
    entry = ModelLogEntry.objects.get(action="people.reveal")
    assert (entry.object_id, entry.user, entry.data) == (
        str(quiet.pk),
        candidate_a.user,
        {"field": "email"},
    )
    agreed_page = client.get(f"/admin/people/person/inspect/{agreed.pk}/").content.decode()
    assert "newsletter@example.org" in agreed_page


def test_exports_are_scoped_and_masked_the_same_way(candidate_a, client):
    supporter("discrete@example.org", "Discrète")
    supporter("newsletter@example.org", "Abonnée", consent_email=True)
    api.find_or_create(email="paris@example.org", last_name="Parisienne", postcode="75011")
    candidate_a.group.permissions.add(Permission.objects.get(codename="export_person"))
    client.force_login(candidate_a.user)
    exported = client.get("/admin/people/export/?format=csv").content.decode()
    assert "newsletter@example.org" in exported
    assert "Discrète" in exported and "discrete@example.org" not in exported
    assert "Parisienne" not in exported
    # Someone's complete file would show everything unmasked: national staff only.
    quiet = api.find("discrete@example.org")
    response = client.get(f"/admin/people/person/{quiet.pk}/export.json")
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_national_staff_see_everything(candidate_a, admin_user, client):
    quiet = supporter("discrete@example.org", "Discrète")
    client.force_login(admin_user)
    page = client.get(f"/admin/people/person/inspect/{quiet.pk}/").content.decode()
    assert "discrete@example.org" in page and "3 rue Mercière" in page


def test_a_shared_supporter_shows_no_history_from_another_candidates_site(
    candidate_a, candidate_b, client
):
    """Someone in Lyon who signed on Lille's site: Lyon's team sees the person,
    not what they did on Lille's site, nor that they came from there."""
    person, _ = api.find_or_create(
        email="voyageuse@example.org",
        last_name="Voyageuse",
        postcode="69002",
        commune="Lyon",
        site=candidate_b.site,
    )
    api.add_to_timeline(person, kind="note", summary="Signée à Lille", site=candidate_b.site)
    api.record_consent(
        person, purpose="newsletter", granted=True, wording="Oui, Lille", site=candidate_b.site
    )
    api.add_to_timeline(person, kind="note", summary="Vue à Lyon", site=candidate_a.site)
    client.force_login(candidate_a.user)
    page = client.get(f"/admin/people/person/inspect/{person.pk}/").content.decode()
    assert "Voyageuse" in page and "Vue à Lyon" in page
    assert "Signée à Lille" not in page and "Oui, Lille" not in page
    assert str(candidate_b.site) not in page and "lille.localhost" not in page

    client.force_login(candidate_b.user)
    page = client.get(f"/admin/people/person/inspect/{person.pk}/").content.decode()
    assert "Signée à Lille" in page and "Vue à Lyon" not in page


def test_where_another_candidates_supporter_consented_stays_hidden(
    candidate_a, candidate_b, client
):
    person, _ = api.find_or_create(
        email="voyageur@example.org", last_name="Voyageur", postcode="69002", commune="Lyon"
    )
    api.record_consent(
        person,
        purpose="newsletter",
        granted=True,
        wording="Oui",
        where_detail="/page-secrete-de-lille/",
        site=candidate_b.site,
    )
    client.force_login(candidate_a.user)
    page = client.get(f"/admin/people/person/inspect/{person.pk}/").content.decode()
    assert "Voyageur" in page
    assert "page-secrete-de-lille" not in page
