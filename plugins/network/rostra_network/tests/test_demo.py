import re
from html import unescape

import pytest
from django.test import Client
from wagtail.models import Site

from rostra_network.models import CandidateSite, NetworkDirectoryPage, Syndication


@pytest.mark.django_db
def test_the_demo_adds_three_candidate_sites(loaded_demo):
    # Loading it twice adds nothing: site/rostra/tests/test_demo.py counts every model.
    assert sorted(CandidateSite.objects.values_list("slug", flat=True)) == [
        "lille",
        "lyon",
        "marseille",
    ]
    assert Site.objects.count() == 4
    assert NetworkDirectoryPage.objects.count() == 1
    assert Syndication.objects.count() == 2
    printed = loaded_demo
    for slug in ("lyon", "marseille", "lille"):
        assert (
            f"http://{slug}.localhost:8000/admin/  login: {slug}@candidats.example.org" in printed
        )
    lyon = CandidateSite.objects.get(slug="lyon")
    assert lyon.user.check_password("lyon-demo")
    # Reachable on its host name and port, as a browser on this machine asks for it.
    page = Client().get("/", HTTP_HOST="lyon.localhost:8000").content.decode()
    assert "Amina Diallo" in page
    assert "Maintenons les petites lignes ferroviaires" in page  # pushed national petition
    assert "?via=lyon" in page
    # The blueprint's words are every candidate's: no gendered text for Julien Moreau.
    marseille = Client().get("/", HTTP_HOST="marseille.localhost:8000").content.decode()
    assert "Julien Moreau" in marseille
    main = marseille[marseille.index("<main") : marseille.index("</main>")]
    assert "Je porte les couleurs de notre mouvement" in main
    assert not re.search(r"\b(candidate|élue|engagée)\b", main)
    # Each candidate site carries its own sign-up page, in its menu like the
    # national "Nous rejoindre"; signing up there comes from the candidate's site.
    from rostra.pages.models import JoinPage

    for candidate in CandidateSite.objects.select_related("site"):
        host = f"{candidate.slug}.localhost:8000"
        join = JoinPage.objects.child_of(candidate.site.root_page).live().get()
        assert join.get_url(current_site=candidate.site) == "/nous-rejoindre/"
        home = Client().get("/", HTTP_HOST=host).content.decode()
        nav = home[home.index("<nav") : home.index("</nav>")]
        assert re.search(r'href="/nous-rejoindre/"[^>]*>\s*Nous rejoindre\s*<', nav), nav
        form = Client().get("/nous-rejoindre/", HTTP_HOST=host)
        assert form.status_code == 200 and 'name="email"' in form.content.decode()
    assert JoinPage.objects.count() == 2 + 3  # national (fr, en) + one per candidate


def _main(response):
    page = unescape(response.content.decode())
    return page[page.index("<main") : page.index("</main>")]


@pytest.mark.django_db
def test_the_demo_home_page_leads_to_every_way_of_taking_part(loaded_demo):
    """The national home links the petition, the donation page, the candidate
    directory and the sign-up page ("Nous rejoindre", no longer "Qui
    sommes-nous ?"); the thank-you page for a gift says "Merci !" once."""
    from rostra.pages.models import JoinPage
    from rostra_donations.models import DonationPage
    from rostra_petitions.models import PetitionPage

    client = Client(HTTP_HOST="localhost:8000")
    home = _main(client.get("/"))
    national = Site.objects.get(is_default_site=True)
    join = JoinPage.objects.child_of(national.root_page).get()
    petition = PetitionPage.objects.live().order_by("pk").first()
    donate = DonationPage.objects.get(locale__language_code="fr")
    directory = NetworkDirectoryPage.objects.get()

    def path(page):
        return page.get_url(current_site=national)

    for page in (petition, donate, directory, join):
        assert f'href="{path(page)}"' in home, page.title
    assert re.search(rf'<a class="button[^"]*" href="{path(join)}">Nous rejoindre</a>', home)
    assert 'href="/qui-sommes-nous/">Nous rejoindre' not in home
    assert "Nous rejoindre" in _main(client.get(path(join)))
    english = _main(client.get("/en/"))
    assert re.search(r'href="/en/join-us/">Join us</a>', english)

    from rostra_donations.models import Donation

    gift = Donation.objects.filter(page=donate).first()
    thanks = _main(client.get(f"{path(donate)}merci/{gift.token}/"))
    assert thanks.count("Merci") == 1
