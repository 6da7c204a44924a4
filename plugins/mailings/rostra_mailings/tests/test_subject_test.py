"""A/B test of two subjects: a sample split in two gets subjects A and B; after
the wait, the winner goes to the rest; each person still gets one message."""

import datetime
from collections import Counter

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rostra.people import api
from rostra.people.models import Consent

from rostra_mailings import ab, clicks, sending
from rostra_mailings.models import Mailing, MailingSettings, Recipient
from rostra_mailings.tasks import pick_winner
from rostra_mailings.tests.conftest import supporter
from rostra_mailings.tests.test_admin import reads_english

AUDIENCE = 40


@pytest.fixture
def crowd(national_site):
    return [supporter(f"p{n}@example.org", postcode="69001") for n in range(AUDIENCE)]


@pytest.fixture
def tested(mailing):
    Mailing.objects.filter(pk=mailing.pk).update(
        subject="Subject A", subject_b="Subject B", ab_sample_percent=20, ab_wait_hours=4
    )
    return Mailing.objects.get(pk=mailing.pk)


def send_all(mailing):
    while not sending.send_batch(mailing.pk).stopped:
        pass


def subjects():
    return Counter(message.subject for message in mail.outbox)


def after_the_wait(mailing):
    mailing.refresh_from_db()
    return mailing.ab_decide_at + datetime.timedelta(seconds=1)


def test_the_sample_gets_both_subjects_and_the_rest_waits(tested, crowd, admin_user):
    assert sending.start(tested, admin_user, enqueue=False) == AUDIENCE
    send_all(tested)
    # 20 % of 40: 8 people, 4 per subject; the other 32 wait for the winner.
    assert subjects() == {"Subject A": 4, "Subject B": 4}
    tested.refresh_from_db()
    assert tested.status == Mailing.Status.SENDING
    assert tested.ab_decide_at == tested.started_at + datetime.timedelta(hours=4)
    assert tested.progress()["done"] == 8 and tested.progress()["percent"] == 20
    assert ab.decide(tested.pk) == "not due"
    assert tested.recipients.filter(status=Recipient.Status.HELD).count() == 32


def test_the_winner_goes_to_the_rest_and_each_person_gets_one_message(
    tested, crowd, admin_user, django_capture_on_commit_callbacks
):
    sending.start(tested, admin_user, enqueue=False)
    send_all(tested)
    b_people = tested.recipients.filter(variant="b").values_list("person", flat=True)
    for person_id in b_people[:2]:  # B loses people: A wins
        api.record_consent(
            api.Person.objects.get(pk=person_id),
            purpose="newsletter",
            granted=False,
            where=Consent.Where.UNSUBSCRIBE,
        )
    with django_capture_on_commit_callbacks(execute=True):  # the sending task, queued
        assert ab.decide(tested.pk, now=after_the_wait(tested)) == "decided a"
    tested.refresh_from_db()
    assert tested.status == Mailing.Status.SENT and tested.ab_winner == "a"
    assert subjects() == {"Subject A": 4 + 32, "Subject B": 4}
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == AUDIENCE
    assert len({m.to[0] for m in mail.outbox}) == AUDIENCE
    figures = ab.results(tested)
    assert (figures["a"]["sent"], figures["b"]["sent"], figures[""]["sent"]) == (4, 4, 32)
    assert figures["b"]["unsubscribed"] == 2 and figures["a"]["unsubscribed"] == 0


def test_choosing_again_sends_nothing_more(
    tested, crowd, admin_user, django_capture_on_commit_callbacks
):
    """The task run twice (a worker that died after deciding): one winner,
    one release, one message per person."""
    sending.start(tested, admin_user, enqueue=False)
    send_all(tested)
    Mailing.objects.filter(pk=tested.pk).update(ab_decide_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert pick_winner.call(mailing_id=tested.pk) == "decided a"
    with django_capture_on_commit_callbacks(execute=True):
        assert pick_winner.call(mailing_id=tested.pk) == "already decided"
    assert len(mail.outbox) == AUDIENCE
    assert not Recipient.objects.exclude(status=Recipient.Status.SENT).exists()


def test_with_clicks_counted_the_subject_clicked_more_wins(
    tested, crowd, admin_user, client, django_capture_on_commit_callbacks
):
    rate = MailingSettings.for_site(tested.site)
    rate.click_tracking = True
    rate.save()
    Mailing.objects.filter(pk=tested.pk).update(track_clicks=True)
    tested.refresh_from_db()
    sending.start(tested, admin_user, enqueue=False)
    send_all(tested)
    to_b = next(m for m in mail.outbox if m.subject == "Subject B")
    link = next(
        url for url in clicks.HREF.findall(to_b.alternatives[0].content) if "/_mailings/c/" in url
    )
    link = link.replace("&amp;", "&").removeprefix("http://localhost")
    assert link.endswith("&v=b")
    assert client.get(link).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert ab.decide(tested.pk, now=after_the_wait(tested)) == "decided b"
    assert subjects() == {"Subject A": 4, "Subject B": 4 + 32}
    page = client_page(tested)
    assert ab.results(tested)["b"]["clicks"] == 1
    assert "Subject B won" in page


def client_page(mailing):
    from django.contrib.auth import get_user_model
    from django.test import Client

    admin = get_user_model().objects.filter(is_superuser=True).first()
    browser = Client()
    browser.force_login(reads_english(admin))
    return browser.get(reverse("mailings_admin:review", args=[mailing.pk])).content.decode()


def test_a_tie_keeps_subject_a(tested, crowd, admin_user):
    sending.start(tested, admin_user, enqueue=False)
    send_all(tested)
    assert ab.choose(Mailing.objects.get(pk=tested.pk)) == "a"


def test_cancelling_cancels_the_waiting_rest(tested, crowd, admin_user):
    sending.start(tested, admin_user, enqueue=False)
    send_all(tested)
    assert sending.cancel(tested)
    assert ab.decide(tested.pk, now=after_the_wait(tested)) == "stopped"
    assert not tested.recipients.filter(status=Recipient.Status.HELD).exists()
    assert len(mail.outbox) == 8


def test_the_review_tells_the_sample_before_sending(client, admin_user, tested, crowd):
    client.force_login(reads_english(admin_user))
    page = client.get(reverse("mailings_admin:review", args=[tested.pk])).content.decode()
    assert "A/B test of the subject" in page
    assert "each go to 4 people drawn at random" in page


def test_a_second_subject_needs_its_sample(admin_client, national_site):
    data = {
        "site": national_site.pk,
        "subject": "Saturday",
        "subject_b": "Sunday",
        "ab_wait_hours": 4,
        "purpose": "newsletter",
        "body-count": 0,
    }

    def refused(data):
        response = admin_client.post(reverse("mailings:add"), data)
        assert response.status_code == 200
        return set(response.context["form"].errors)

    assert refused(data) == {"ab_sample_percent"}  # no sample
    assert refused({**data, "ab_sample_percent": 60}) == {"ab_sample_percent"}  # over 50 %
    assert refused({**data, "ab_sample_percent": 30, "subject_b": "One\r\nBcc: x@example.org"}) == {
        "subject_b"
    }
    assert refused({**data, "ab_sample_percent": 30, "subject_b": "{{ secret }}"}) == {"subject_b"}
    assert not Mailing.objects.exists()
    response = admin_client.post(reverse("mailings:add"), {**data, "ab_sample_percent": 30})
    assert response.status_code == 302
    assert Mailing.objects.get(subject="Saturday").subject_test


def test_the_sample_size():
    assert ab.sample_size(40, 20) == 8
    assert ab.sample_size(45, 10) == 4  # even: two equal halves
    assert ab.sample_size(3, 10) == 2  # one per subject at least
    assert ab.sample_size(1, 50) == 0
