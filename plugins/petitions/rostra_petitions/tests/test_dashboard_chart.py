"""The petition's dashboard: a chart with axes whose labels stay inside it,
and counts written the French way."""

import datetime
import re

import pytest
from django.utils import timezone
from rostra.people import api
from wagtail.users.models import UserProfile

from rostra_petitions.admin.dashboard import chart_points
from rostra_petitions.models import PetitionState, Signature

pytestmark = pytest.mark.django_db


def validated(petition, count, days_ago):
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    for index in range(count):
        person, _ = api.find_or_create(email=f"s{days_ago}-{index}@example.org")
        signature = Signature.objects.create(
            petition=petition,
            person=person,
            first_name="A",
            last_name="B",
            email=person.email_canonical,
            postcode="69003",
            state=Signature.State.VALIDATED,
        )
        Signature.objects.filter(pk=signature.pk).update(created_at=moment)


def test_the_chart_has_axes_and_unclipped_labels(petition):
    validated(petition, 4, days_ago=0)
    validated(petition, 2, days_ago=3)
    chart = chart_points(petition)
    assert chart["top"] == 4
    assert [tick["n"] for tick in chart["y_ticks"]] == [0, 2, 4]
    tallest = max(chart["bars"], key=lambda bar: bar["n"])
    assert tallest["y"] == chart["plot_top"] and tallest["day"] == timezone.localdate()
    # Every bar sits right of the y axis and inside the drawing.
    assert all(chart["left"] < bar["x"] < chart["right"] <= chart["width"] for bar in chart["bars"])


def test_the_dashboard_draws_the_chart_in_french(client, admin_user, petition):
    validated(petition, 3, days_ago=1)
    PetitionState.objects.update_or_create(
        petition=petition,
        defaults={"recounted_at": timezone.now(), "last_drift": 0, "online_count": 20000},
    )
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(admin_user)
    html = client.get(f"/admin/petitions/{petition.pk}/").content.decode()
    start = html.index('<svg class="petition-chart"')
    svg = html[start : html.index("</svg>", start)]
    width = int(re.search(r'viewBox="0 0 (\d+) ', svg).group(1))
    # Two axes and three ticks on the y axis, their counts written beside them.
    assert svg.count("<line") == 5
    assert ">0</text>" in svg and ">3</text>" in svg
    # The last date is anchored at its end, inside the drawing: never clipped.
    last = re.findall(r'<text x="(\d+)" y="\d+" text-anchor="end">([^<]+)</text>', svg)[-1]
    assert int(last[0]) <= width and last[1] == timezone.localdate().strftime("%d/%m/%Y")
    assert "écart\xa0: 0" in html
    assert "20\xa0000 en ligne" in html
