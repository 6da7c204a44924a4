"""Background work: acknowledgements once a gift is settled, and re-rendering."""

from django.core.files.base import ContentFile
from django.tasks import task
from django.utils import timezone
from rostra.mail.sending import send

from rostra_donations import pdf
from rostra_donations.models import Acknowledgement, Donation, DonationStatus


def store_pdf(ack, content):
    if ack.pdf:
        ack.pdf.delete(save=False)
    ack.pdf.save(ack.filename, ContentFile(content), save=False)
    ack.rendered_at = timezone.now()
    ack.save(update_fields=["pdf", "rendered_at"])


@task()
def acknowledge(*, donation_id):
    """Number, render and email the acknowledgement of a settled gift (once)."""
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
        )
    Acknowledgement.objects.filter(pk=ack.pk).update(sent_at=timezone.now())
    return ack.reference


@task()
def regenerate(*, acknowledgement_id):
    """Render an acknowledgement again (same number), e.g. after a correction."""
    ack = Acknowledgement.objects.select_related("donation__site").get(pk=acknowledgement_id)
    store_pdf(ack, pdf.renderer().render(ack))
    return ack.reference


def render_many(acks, *, batch_size=200, progress=None):
    """Render a year-end batch in chunks laid out together; returns the count."""
    acks = list(acks)
    done = 0
    renderer = pdf.renderer()
    for start in range(0, len(acks), batch_size):
        for ack, content in renderer.render_batch(acks[start : start + batch_size]):
            store_pdf(ack, content)
            done += 1
        if progress:
            progress(done, len(acks))
    return done
