"""Acknowledgement PDFs: wording per jurisdiction and language, numbering
without gaps per site and year, regenerated on demand."""

import io

import pypdf
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from rostra_donations import pdf, tasks
from rostra_donations.models import Acknowledgement, Donation
from rostra_donations.tests.test_giving import session_id

pytestmark = pytest.mark.django_db


def text_of(content):
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_french_acknowledgement_explains_cnccfp_and_66_percent(give, fake_stripe, deliver):
    deliver(fake_stripe.complete(session_id(give())))
    ack = Acknowledgement.objects.get()
    text = text_of(ack.pdf.read())
    assert "Accusé de réception de votre don" in text
    assert "n'est pas un reçu fiscal" in text
    assert "CNCCFP" in text and "66 %" in text and "environ 33" in text
    assert "Jeanne Dupont" in text and "69003 Lyon" in text
    assert ack.reference in text


def test_english_donor_gets_an_english_acknowledgement(give, fake_stripe, deliver):
    deliver(fake_stripe.complete(session_id(give(language="en"))))
    text = text_of(Acknowledgement.objects.get().pdf.read())
    assert "This document is not a tax receipt." in text
    assert "66%" in text and "CNCCFP" in text


def test_numbers_run_without_gaps_per_site_and_year(give, fake_stripe, deliver, other_site):
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        deliver(fake_stripe.complete(session_id(give(email=email, first_name=email[0]))))
    numbers = list(Acknowledgement.objects.order_by("number").values_list("number", flat=True))
    assert numbers == [1, 2, 3]
    donation = Donation.objects.first()
    assert Acknowledgement.issue(donation).number in numbers  # idempotent


def test_batch_renders_the_same_text_as_one_by_one(give, fake_stripe, deliver):
    for email in ("a@example.org", "b@example.org"):
        deliver(fake_stripe.complete(session_id(give(email=email, first_name=email[0]))))
    acks = list(Acknowledgement.objects.order_by("number"))
    renderer = pdf.Renderer()
    batch = renderer.render_batch(acks)
    assert [ack for ack, _content in batch] == acks
    for ack, content in batch:
        assert text_of(content) == text_of(renderer.render(ack))
        assert len(pypdf.PdfReader(io.BytesIO(content)).pages) == 1


def test_regenerate_from_the_admin_keeps_the_number(client, admin_user, give, fake_stripe, deliver):
    deliver(fake_stripe.complete(session_id(give())))
    ack = Acknowledgement.objects.get()
    first_render = ack.rendered_at
    client.force_login(admin_user)
    response = client.post(f"/admin/donations/ledger/{ack.donation_id}/", {"action": "regenerate"})
    assert response.status_code == 302
    ack.refresh_from_db()
    assert ack.rendered_at > first_render and ack.number == 1
    assert (
        client.get(f"/admin/donations/ledger/{ack.donation_id}/acknowledgement.pdf").content[:4]
        == b"%PDF"
    )


def test_render_many_reports_progress(give, fake_stripe, deliver):
    deliver(fake_stripe.complete(session_id(give())))
    seen = []
    assert (
        tasks.render_many(Acknowledgement.objects.all(), progress=lambda d, t: seen.append((d, t)))
        == 1
    )
    assert seen == [(1, 1)]


def _give_three(give, fake_stripe, deliver):
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        deliver(fake_stripe.complete(session_id(give(email=email, first_name=email[0].upper()))))
    return list(Acknowledgement.objects.order_by("number"))


def test_render_acknowledgements_command_renders_again_with_the_same_numbers(
    give, fake_stripe, deliver
):
    before = _give_three(give, fake_stripe, deliver)
    out, err = io.StringIO(), io.StringIO()
    call_command("render_acknowledgements", "--workers=1", stdout=out, stderr=err)
    assert "3 acknowledgement(s) rendered." in out.getvalue()
    assert "100%" in err.getvalue()  # the terminal's progress bar
    for old in before:
        ack = Acknowledgement.objects.get(pk=old.pk)
        assert ack.number == old.number and ack.rendered_at > old.rendered_at
        text = text_of(ack.pdf.read())
        assert ack.reference in text and f"{ack.donation.first_name} Dupont" in text


def test_render_acknowledgements_command_refuses_zero_workers(db):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("render_acknowledgements", "--workers=0")


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: worker processes cannot see SQLite's in-memory test database",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_year_end_batch_in_worker_processes(give, fake_stripe, deliver, settings, tmp_path):
    # Worker processes write where the test can read: files, not memory.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    acks = _give_three(give, fake_stripe, deliver)
    assert tasks.render_many(acks, batch_size=1, workers=2) == 3
    for old in acks:
        ack = Acknowledgement.objects.get(pk=old.pk)
        assert ack.rendered_at > old.rendered_at
        text = text_of(ack.pdf.read())
        assert ack.reference in text and f"{ack.donation.first_name} Dupont" in text
