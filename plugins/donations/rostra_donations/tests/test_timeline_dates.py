"""Each gift is on the donor's timeline at the date it was paid: the months of
a monthly gift each at their own date, and the name in the people list opens
the page where that timeline is."""

import datetime
import re

import pytest
from django.db import transaction
from django.utils import timezone
from rostra.people import api
from rostra.people.models import TimelineEntry
from wagtail.users.models import UserProfile

from rostra_donations import status
from rostra_donations.models import Donation, Frequency, PaymentAttempt, RecurringGift

pytestmark = pytest.mark.django_db


def test_each_monthly_instalment_has_its_own_date(
    client, admin_user, national_site, django_capture_on_commit_callbacks
):
    person, _ = api.find_or_create(email="hugo@example.org", last_name="Lambert")
    recurring = RecurringGift.objects.create(
        site=national_site, person=person, amount=2000, subscription_ref="sub_1"
    )
    months = [timezone.make_aware(datetime.datetime(2026, month, 5, 10)) for month in (1, 2, 3)]
    for moment in months:
        gift = Donation.objects.create(
            site=national_site,
            person=person,
            recurring=recurring,
            frequency=Frequency.MONTHLY,
            amount=2000,
            first_name="Hugo",
            last_name="Lambert",
            address_line1="1 rue",
            postcode="69003",
            town="Lyon",
            created_at=moment,
        )
        PaymentAttempt.objects.create(
            donation=gift, provider="stripe", amount=2000, state="paid", paid_at=moment
        )
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            status.refresh_status(Donation.objects.select_for_update().get(pk=gift.pk))
    dates = sorted(
        TimelineEntry.objects.filter(person=person, kind=TimelineEntry.Kind.GIFT).values_list(
            "occurred_at", flat=True
        )
    )
    assert dates == months

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(admin_user)
    listing = client.get("/admin/people/person/").content.decode()
    inspect_url = f"/admin/people/person/inspect/{person.pk}/"
    # The name opens the person's page, not the edit form.
    name_link = re.search(
        rf'<a href="([^"]+)"[^>]*>\s*<span id="snippet_{person.pk}_title">', listing
    )
    assert name_link is not None and name_link.group(1) == inspect_url
    page = client.get(inspect_url).content.decode()
    for day in ("5 janvier 2026", "5 février 2026", "5 mars 2026"):
        assert day in page
