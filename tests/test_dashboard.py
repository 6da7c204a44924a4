"""The admin home's figures equal what the database holds, for the national
admin (every site) and for a candidate's team (their territory and their site
only), with known data around the two weeks' edges."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rostra.dashboard.panels import FiguresPanel, RankingPanel
from rostra.people import api
from rostra.people.models import Person
from rostra_donations.models import Donation, DonationStatus
from rostra_network.models import SignatureCredit
from rostra_network.tests.conftest import provision
from rostra_petitions.models import PetitionPage, Signature

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def days_ago(n):
    return NOW - datetime.timedelta(days=n)


def person(email, postcode, created_days_ago, *, site=None, refcode=""):
    source = api.Source("refcode", refcode) if refcode else api.Source()
    someone, _ = api.find_or_create(email=email, postcode=postcode, site=site, source=source)
    Person.objects.filter(pk=someone.pk).update(created_at=days_ago(created_days_ago))
    return someone


def newsletter(someone, granted, at_days_ago):
    api.record_consent(someone, purpose="newsletter", granted=granted, when=days_ago(at_days_ago))


def petition(site, title):
    page = site.root_page.add_child(
        instance=PetitionPage(
            title=title,
            slug=title.lower().replace(" ", "-"),
            intro="Signez.",
            target="La mairie",
            goal=100,
        )
    )
    page.save_revision().publish()
    return page


def signatures(page, *ages, state=Signature.State.VALIDATED):
    for number, age in enumerate(ages):
        Signature.objects.create(
            petition=page,
            first_name="Anne",
            last_name=f"Signataire {number}",
            email=f"{page.slug}-{number}-{age}@example.org",
            state=state,
            created_at=days_ago(age),
        )


def gift(site, someone, cents, paid_days_ago, status=DonationStatus.PAID):
    return Donation.objects.create(
        site=site,
        person=someone,
        amount=cents,
        first_name="Paul",
        last_name="Don",
        address_line1="1 rue",
        postcode="75011",
        town="Paris",
        donor_key=f"paul-{cents}-{paid_days_ago}",
        status=status,
        paid_at=days_ago(paid_days_ago),
        created_at=days_ago(paid_days_ago),
    )


@pytest.fixture
def world(national_site):
    lyon = provision("Alice Martin", "lyon", communes=["69123"], invite=False)
    lille = provision("Bruno Petit", "lille", communes=["59350"], invite=False)
    # Lyon's territory: Léa (this week, from a leaflet's refcode) and Louis
    # (last week, left the list two days ago); Lille's: Bénédicte (this week);
    # Paris: Pierre, on the list before the fortnight began.
    lea = person("lea@example.org", "69003", 1, refcode="tract-lyon")
    louis = person("louis@example.org", "69007", 10)
    benedicte = person("benedicte@example.org", "59000", 2, site=lille.site)
    pierre = person("pierre@example.org", "75011", 20)
    newsletter(pierre, True, 20)
    newsletter(louis, True, 10)
    newsletter(benedicte, True, 2)
    newsletter(louis, False, 2)
    newsletter(lea, True, 1)
    # A duplicate merged away and an erased person are no longer supporters.
    duplicate = person("lea.bis@example.org", "69003", 1)
    api.merge(lea, duplicate)
    erased = person("erased@example.org", "69003", 3)
    newsletter(erased, True, 3)
    api.erase(erased)

    national_petition = petition(national_site, "Petites lignes")
    lyon_petition = petition(lyon.site, "Tram de Lyon")
    lille_petition = petition(lille.site, "Piscine de Lille SECRETB")
    signatures(national_petition, 1)
    signatures(lyon_petition, 1, 2, 9)
    signatures(lyon_petition, 1, state=Signature.State.PENDING)
    signatures(lille_petition, 0, 1, 3, 30)
    # National petition signatures that came through a candidate's site.
    credits = ((lyon.site, 1, True), (lyon.site, 2, False), (lille.site, 1, True))
    for site, age, confirmed in credits:
        SignatureCredit.objects.create(
            site=site,
            petition_id=national_petition.pk,
            signature_id=SignatureCredit.objects.count() + 1000,
            created_at=days_ago(age),
            confirmed_at=days_ago(age) if confirmed else None,
        )

    gift(national_site, pierre, 5_000, 1)
    gift(national_site, pierre, 2_500, 8)
    gift(national_site, pierre, 9_900, 2, status=DonationStatus.REFUNDED)
    gift(lille.site, benedicte, 1_000, 3)
    return lyon, lille


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response


def figures(response):
    (grid,) = [panel for panel in response.context["panels"] if isinstance(panel, FiguresPanel)]
    return {f.name: (f.this_week, f.last_week) for f in grid.figures}, grid


def ranking(response, name):
    panels = response.context["panels"]
    (panel,) = [p for p in panels if isinstance(p, RankingPanel) and p.name == name]
    return [(row.label, row.this_week, row.last_week) for row in panel.rows]


def test_the_national_admin_sees_every_site(client, admin_user, world):
    response = home(client, admin_user)
    numbers, grid = figures(response)

    assert numbers == {
        "new_supporters": (2, 1),  # Léa, Bénédicte; Louis
        "list": (1, 1),  # +Bénédicte −Louis +Léa; +Louis
        "signatures": (6, 1),  # 1 national, 2 Lyon, 3 Lille; 1 Lyon (Lille's 4th is older)
        "money": (6_000, 2_500),  # the refunded gift is not money raised
    }
    on_the_list = {f.name: f.total for f in grid.figures}["list"]
    people_list = reverse("wagtailsnippets_people_person:list")
    listed = client.get(people_list, {"consent": "newsletter:email"})
    assert on_the_list == 3 == listed.context["paginator"].count  # Pierre, Bénédicte, Léa
    assert ranking(response, "petitions-top") == [
        ("Piscine de Lille SECRETB", 3, 0),
        ("Tram de Lyon", 2, 1),
        ("Petites lignes", 1, 0),
    ]
    assert ("tract-lyon", 1, 0) in ranking(response, "rostra-sources")
    assert sum(row[1] for row in ranking(response, "rostra-sources")) == 2
    html = response.content.decode()
    assert 'data-figure-name="money"' in html
    assert "60\xa0€" in html
    # The admin reads French: the figures' words and numbers are the locale's.
    assert "Nouveaux sympathisants" in html and "Dons collectés" in html


def test_a_candidate_sees_their_territory_and_site_only(client, world):
    lyon, _lille = world
    response = home(client, lyon.user)
    numbers, grid = figures(response)

    assert numbers == {
        "new_supporters": (1, 1),  # Léa; Louis
        "list": (0, 1),  # +Léa −Louis; +Louis
        "signatures": (2, 1),  # their own petition's, confirmed
        "credited_signatures": (1, 0),  # national, through their site, confirmed
    }  # no money: the team is not treasurer
    assert {f.name: f.total for f in grid.figures}["list"] == 1
    assert ranking(response, "petitions-top") == [("Tram de Lyon", 2, 1)]
    assert ranking(response, "rostra-sources")[0] == ("tract-lyon", 1, 0)
    assert grid.scope == "Alice Martin"
    html = response.content.decode()
    assert "SECRETB" not in html and "Bénédicte" not in html
    assert "<h1" in html and "Alice Martin" in html.split("<h1", 1)[1].split("</h1>", 1)[0]


def test_a_treasurer_of_their_site_sees_its_money_only(client, world, django_user_model):
    from django.contrib.auth.models import Permission

    _lyon, lille = world
    lille.user.user_permissions.add(Permission.objects.get(codename="treasurer"))
    lille.user = django_user_model.objects.get(pk=lille.user.pk)  # permissions cached
    numbers, _grid = figures(home(client, lille.user))
    assert numbers["money"] == (1_000, 0)
