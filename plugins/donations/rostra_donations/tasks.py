"""Background work: acknowledgements once a gift is settled, and re-rendering."""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from django.core.files.base import ContentFile
from django.tasks import task
from django.utils import timezone
from rostra.mail.sending import send

from rostra_donations import pdf
from rostra_donations.models import Acknowledgement, Donation, DonationStatus


def _store_file(ack, content):
    """Save the new file on the acknowledgement (not its row yet); returns the
    name of the file it replaces, to delete once the row points at the new one:
    a crash in between leaves a stray file, never a row naming a deleted one."""
    old = ack.pdf.name if ack.pdf else None
    ack.pdf.save(ack.filename, ContentFile(content), save=False)
    ack.rendered_at = timezone.now()
    return old


def _delete_replaced(acks, old_names):
    for ack, old in zip(acks, old_names, strict=True):
        # A storage that overwrites in place (S3's default) kept the same name.
        if old and old != ack.pdf.name:
            ack.pdf.storage.delete(old)


def store_pdf(ack, content):
    old = _store_file(ack, content)
    ack.save(update_fields=["pdf", "rendered_at"])
    _delete_replaced([ack], [old])


@task()
def acknowledge(*, donation_id):
    """Number, render and email the acknowledgement of a settled gift (once).

    Safe to run again, whenever its worker died: the number is issued once
    (``Acknowledgement.issue``), the PDF is the same one stored again, and the
    email is keyed by the acknowledgement, so a run that died after queueing it
    and before noting ``sent_at`` does not send a second one."""
    donation = Donation.objects.select_related("site", "person").get(pk=donation_id)
    if donation.status not in (DonationStatus.PAID, DonationStatus.DISPUTED):
        return "not settled"
    ack = Acknowledgement.issue(donation)
    if ack.sent_at:
        return "already sent"
    content = pdf.renderer().render(ack)
    store_pdf(ack, content)
    if donation.email and not donation.person.erased_at:
        send(
            "donations/acknowledgement",
            to=donation.email,
            person=donation.person,
            purpose="donation_receipts",
            site=donation.site,
            language=donation.language,
            context={
                "first_name": donation.first_name,
                "amount": donation.amount / 100,
                "reference": ack.reference,
                "monthly": bool(donation.recurring_id),
            },
            attachments=[(ack.filename, content, "application/pdf")],
            key=f"donations/acknowledgement:{ack.pk}",
        )
    Acknowledgement.objects.filter(pk=ack.pk).update(sent_at=timezone.now())
    return ack.reference


@task()
def regenerate(*, acknowledgement_id):
    """Render an acknowledgement again (same number), e.g. after a correction."""
    ack = Acknowledgement.objects.select_related("donation__site").get(pk=acknowledgement_id)
    store_pdf(ack, pdf.renderer().render(ack))
    return ack.reference


def render_chunk(ids):
    """Render and store the acknowledgements with these ids, laid out together."""
    acks = Acknowledgement.objects.select_related("donation__site").filter(pk__in=ids)
    stored, replaced = [], []
    for ack, content in pdf.renderer().render_batch(acks.order_by("site", "year", "number")):
        replaced.append(_store_file(ack, content))
        stored.append(ack)
    # The rows in one statement per chunk, not one UPDATE per acknowledgement.
    Acknowledgement.objects.bulk_update(stored, ["pdf", "rendered_at"])
    _delete_replaced(stored, replaced)
    return len(stored)


def _render_chunk_alone(ids):
    """render_chunk in a process that renders nothing else meanwhile (the
    management command or one of its workers), the garbage collector paused."""
    with pdf.cyclic_gc_paused():
        return render_chunk(ids)


def render_many(acks, *, batch_size=200, workers=1, progress=None):
    """Render a year-end batch in chunks laid out together; returns the count.

    ``acks``: acknowledgements or their ids. With workers > 1 the chunks go to
    that many processes (forked: each builds its own renderer once and opens
    its own database connection), so a batch of thousands uses every core.
    For a process that renders nothing else meanwhile (manage.py
    render_acknowledgements): the garbage collector is paused per chunk.
    """
    ids = [getattr(ack, "pk", ack) for ack in acks]
    chunks = [ids[start : start + batch_size] for start in range(0, len(ids), batch_size)]
    done = 0
    if workers <= 1 or len(chunks) <= 1:
        for chunk in chunks:
            done += _render_chunk_alone(chunk)
            if progress:
                progress(done, len(ids))
        return done
    from django.db import connections

    # Children must not share the parent's database connections.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        for count in pool.map(_render_chunk_alone, chunks):
            done += count
            if progress:
                progress(done, len(ids))
    return done


@task()
def apply_kept(*, site_id, waiting_for):
    """Apply what a site kept for a payment, checkout or subscription that now
    exists (kept.py); safe to run twice and at once."""
    from rostra_donations import kept

    return kept.release(site_id, waiting_for)
