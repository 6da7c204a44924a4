"""The default site is named by its own name where people read it: Wagtail's
" [default]" ("[défaut]") flag is for its Sites screen only."""

import pytest
from django.urls import reverse
from django.utils import translation

from rostra.people import api, export, provenance
from rostra.people.models import SourceKind, TimelineEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_up_on_the_national_site(national_site):
    person, _ = api.find_or_create(
        email="marie@example.org",
        first_name="Marie",
        source=api.Source(SourceKind.PAGE, "join"),
        site=national_site,
    )
    api.add_to_timeline(person, kind=TimelineEntry.Kind.NOTE, summary="Met", site=national_site)
    return person


def test_origin_timeline_and_export_name_the_site_without_default_flag(
    client, admin_user, national_site, signed_up_on_the_national_site
):
    person = signed_up_on_the_national_site
    person.refresh_from_db()
    assert person.source_site == national_site
    with translation.override("fr"):
        assert "[" not in str(national_site.site_name)
        assert "[défaut]" in str(national_site)  # what Wagtail would have shown
        assert provenance.describe(person).endswith("sur Élan commun.")
        data = export.collect(person)
    assert data["person"]["source_site"] == "Élan commun"
    assert {row["site"] for row in data["timeline"]} == {"Élan commun"}

    client.force_login(admin_user)
    page = client.get(reverse("wagtailsnippets_people_person:inspect", args=[person.pk]))
    html = page.content.decode()
    assert "(Élan commun)" in html
    assert "[défaut]" not in html and "[default]" not in html
