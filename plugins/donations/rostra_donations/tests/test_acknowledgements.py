"""Acknowledgement PDFs: wording per jurisdiction and language, numbering
without gaps per site and year, regenerated on demand; each gift's details
drawn over fixed text laid out once, reading as the acknowledgement laid out
whole."""

import io

import pypdf
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from weasyprint import CSS, HTML

from rostra_donations import pdf, tasks
from rostra_donations.models import Acknowledgement, Donation
from rostra_donations.tests.test_giving import session_id

pytestmark = pytest.mark.django_db


def text_of(content):
    reader = pypdf.PdfReader(io.BytesIO(content), strict=True)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def lines_of(content):
    """[(x, y, text)] of the first page's lines, in PDF points from the bottom
    left (to a tenth)."""
    lines = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            lines.append((round(x, 1), round(y, 1), text.strip()))

    pypdf.PdfReader(io.BytesIO(content), strict=True).pages[0].extract_text(visitor_text=visit)
    return lines


def whole_pdf(ack):
    """The acknowledgement laid out as one document, as a naive renderer would."""
    html = pdf.document_html([pdf.body_html(ack)], ack.donation.language)
    return HTML(string=html).write_pdf(stylesheets=[CSS(string=pdf.stylesheet_text())])


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
        assert len(pypdf.PdfReader(io.BytesIO(content), strict=True).pages) == 1


@pytest.mark.parametrize("language", ["fr", "en"])
def test_fields_over_the_fixed_text_read_as_the_acknowledgement_laid_out_whole(
    give, fake_stripe, deliver, language
):
    deliver(fake_stripe.complete(session_id(give(language=language))))
    ack = Acknowledgement.objects.get()
    overlaid, whole = pdf.Renderer().render(ack), whole_pdf(ack)
    assert sorted(text_of(overlaid).split()) == sorted(text_of(whole).split())
    # Each detail sits where it would in the whole document.
    assert sorted(lines_of(overlaid)) == sorted(lines_of(whole))


def test_long_donor_details_are_set_smaller_within_their_box(give, fake_stripe, deliver):
    deliver(fake_stripe.complete(session_id(give())))
    ack = Acknowledgement.objects.get()
    long_ones = {
        "first_name": "Marie-Bérénice " * 10,
        "last_name": "de La Tour d'Auvergne-Lauraguais " * 4,
        "address_line1": "Résidence des Grands Chênes, bâtiment C, escalier 4, " * 3,
        "address_line2": "Lieu-dit " * 22,
        "town": "Saint-Rémy-de-Provence-sur-Durance " * 4,
    }
    Donation.objects.filter(pk=ack.donation_id).update(
        **{
            field: value[: Donation._meta.get_field(field).max_length]
            for field, value in long_ones.items()
        }
    )
    ack = Acknowledgement.objects.select_related("donation").get()
    content = pdf.Renderer().render(ack)
    text = "".join(text_of(content).split())
    for value in (ack.donation.first_name, ack.donation.last_name, ack.donation.town):
        assert "".join(value.split()) in text
    lines = lines_of(content)
    amount_label = next(y for _x, y, line in lines if line == "Montant")
    donor_lines = [y for _x, y, line in lines if "Lieu-dit" in line or "Saint-Rémy" in line]
    assert donor_lines and min(donor_lines) > amount_label + 10  # above the amount's line
    assert len(pypdf.PdfReader(io.BytesIO(content), strict=True).pages) == 1


def test_new_settings_reach_the_fixed_text_of_the_next_acknowledgement(
    give, fake_stripe, deliver, payment_settings
):
    deliver(fake_stripe.complete(session_id(give())))
    ack = Acknowledgement.objects.get()
    renderer = pdf.Renderer()
    assert "Dons reçus pour Élan commun" in text_of(renderer.render(ack))
    payment_settings.beneficiary = "Horizon partagé"
    payment_settings.save()
    ack = Acknowledgement.objects.get()
    text = text_of(renderer.render(ack))
    assert "Dons reçus pour Horizon partagé" in text and "pour Élan commun" not in text


def test_a_refunded_gift_s_acknowledgement_says_it_is_cancelled(give, fake_stripe, deliver):
    for email in ("a@example.org", "b@example.org"):
        deliver(fake_stripe.complete(session_id(give(email=email, first_name=email[0]))))
    Acknowledgement.objects.filter(number=1).update(voided_at=timezone.now())
    batch = pdf.Renderer().render_batch(Acknowledgement.objects.order_by("number"))
    voided, kept = (text_of(content) for _ack, content in batch)
    assert "cet accusé de réception est annulé" in voided and "a Dupont" in voided
    assert "annulé" not in kept and "b Dupont" in kept


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


# On PostgreSQL only: worker processes cannot see SQLite's in-memory test database.
@pytest.mark.postgres
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


def test_rendering_again_replaces_the_stored_file(give, fake_stripe, deliver):
    before = _give_three(give, fake_stripe, deliver)
    tasks.render_many(before)
    for old in before:
        ack = Acknowledgement.objects.get(pk=old.pk)
        storage = ack.pdf.storage
        assert ack.pdf.name != old.pdf.name
        assert storage.exists(ack.pdf.name) and not storage.exists(old.pdf.name)
