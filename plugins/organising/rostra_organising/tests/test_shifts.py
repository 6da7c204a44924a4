"""Shifts: sign-up from the "Je m'engage" form, places, cancellation by the
volunteer's link, reminders run twice, a team's own shifts only."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.utils import timezone
from rostra.people import api
from wagtail import hooks

from rostra_organising.volunteering import reminders, shifts
from rostra_organising.volunteering.models import Shift, ShiftSignup, Volunteer

from .conftest import committed
from .volunteering_helpers import make_volunteer_page, offer


def make_shift(site, *, capacity=2, in_hours=72, **fields):
    starts = timezone.now() + timedelta(hours=in_hours)
    values = {
        "title": "Porte-à-porte aux Pentes",
        "task": "doors",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "meeting_point": "Place Sathonay",
        "capacity": capacity,
    }
    values.update(fields)
    return Shift.objects.create(site=site, **values)


@pytest.fixture
def page(national_site):
    return make_volunteer_page(national_site)


def test_the_form_signs_up_for_the_shifts_chosen_and_refuses_a_full_one(client, page):
    shift = make_shift(page.get_site(), capacity=1)
    other = make_shift(page.get_site(), title="Phoning", task="phoning")
    assert "Porte-à-porte aux Pentes" in client.get(page.url).text
    offer(client, page, shifts=[str(shift.pk), str(other.pk)])
    assert ShiftSignup.objects.filter(status="confirmed").count() == 2
    assert "Porte-à-porte aux Pentes" in mail.outbox[-1].body
    response = offer(client, page, email="deux@example.org", shifts=[str(shift.pk)])
    assert response.status_code == 200
    assert "These shifts were full" in response.text or "complets" in response.text
    assert shift.signups.filter(status="confirmed").count() == 1


def test_a_past_or_cancelled_shift_is_not_offered(client, page):
    make_shift(page.get_site(), in_hours=-3, title="Passé")
    make_shift(page.get_site(), cancelled=True, title="Annulé")
    text = client.get(page.url).text
    assert "Passé" not in text and "Annulé" not in text


def test_the_volunteers_link_frees_their_place_and_only_theirs(client, page):
    shift = make_shift(page.get_site())
    offer(client, page, shifts=[str(shift.pk)])
    offer(client, page, email="autre@example.org", shifts=[str(shift.pk)])
    mine, theirs = ShiftSignup.objects.order_by("pk")
    first_mail = [m for m in mail.outbox if "camille.durand@example.org" in m.to][0]
    path = re.search(r"https?://\S+(/_organising/volunteer/\d+/\w+/)", first_mail.body).group(1)
    assert "Porte-à-porte aux Pentes" in client.get(path).text
    # Another volunteer's sign-up cannot be cancelled through this link.
    assert client.post(path, {"action": "cancel", "signup": theirs.pk}).status_code == 404
    assert client.post(path, {"action": "cancel", "signup": mine.pk}).status_code == 200
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == "cancelled" and theirs.status == "confirmed"
    assert shift.places_left() == 1


def test_signing_up_twice_keeps_one_place(page):
    shift = make_shift(page.get_site())
    person, _ = api.find_or_create(email="a@example.org")
    volunteer = Volunteer.objects.create(person=person, first_name="A", last_name="B")
    first = shifts.sign_up(shift.pk, volunteer=volunteer)
    assert shifts.sign_up(shift.pk, volunteer=volunteer) == first
    assert shifts.cancel(first.pk) is True and shifts.cancel(first.pk) is False


def test_shift_reminders_go_once_each_even_when_run_twice(client, page):
    soon = make_shift(page.get_site(), in_hours=20, title="Demain")
    later = make_shift(page.get_site(), in_hours=72, title="Plus tard")
    offer(client, page, shifts=[str(soon.pk), str(later.pk)])
    mail.outbox.clear()
    with committed():
        assert reminders.send_due() == 1
    with committed():
        reminders.send_shift_reminders.enqueue()
    reminded = [m for m in mail.outbox if "Demain" in m.subject]
    assert len(reminded) == 1 and not [m for m in mail.outbox if "Plus tard" in m.subject]
    # The shift moved: its reminder goes again, for the new time.
    Shift.objects.filter(pk=soon.pk).update(starts_at=soon.starts_at + timedelta(hours=1))
    with committed():
        reminders.send_due()
    assert len([m for m in mail.outbox if "Demain" in m.subject]) == 2


def test_a_team_sees_and_edits_only_its_own_sites_shifts(
    client, national_site, other_site, django_user_model
):
    ours = make_shift(other_site, title="Chez nous")
    theirs = make_shift(national_site, title="Chez eux")
    team = django_user_model.objects.create_user("equipe", "e@example.org", "pw")
    team.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "view_shift", "change_shift", "add_shift"]
        )
    )
    client.force_login(team)
    with hooks.register_temporarily(
        "site_ids_for_user", lambda user: [other_site.pk] if user == team else None
    ):
        text = client.get("/admin/organising/shifts/").text
        assert "Chez nous" in text and "Chez eux" not in text
        assert client.get(f"/admin/organising/shifts/edit/{theirs.pk}/").status_code in (
            302,
            403,
            404,
        )
        assert client.get(f"/admin/organising/shifts/inspect/{theirs.pk}/").status_code in (
            302,
            403,
            404,
        )
        assert client.get(f"/admin/organising/shifts/inspect/{ours.pk}/").status_code == 200
        form = client.get("/admin/organising/shifts/new/").text
        assert f'value="{national_site.pk}"' not in form
