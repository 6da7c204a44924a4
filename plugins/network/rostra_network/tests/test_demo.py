import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Site

from rostra_network.models import CandidateSite, NetworkDirectoryPage, Syndication


@pytest.mark.django_db
def test_the_demo_adds_three_candidate_sites_once():
    call_command("load_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert sorted(CandidateSite.objects.values_list("slug", flat=True)) == [
        "lille",
        "lyon",
        "marseille",
    ]
    assert Site.objects.count() == 4
    assert NetworkDirectoryPage.objects.count() == 1
    assert Syndication.objects.count() == 2
    printed = out.getvalue()
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
