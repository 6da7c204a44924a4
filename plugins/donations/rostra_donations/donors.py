"""The donor's page: their gifts on this site, their acknowledgements, and
their monthly gift (change the amount or stop it)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from rostra.mail.sending import send
from rostra.people import api as people

from rostra_donations import caps, providers
from rostra_donations.forms import read_euros
from rostra_donations.models import (
    Acknowledgement,
    Donation,
    DonationStatus,
    Frequency,
    RecurringGift,
    format_cents,
)


def send_link(email, *, site, page):
    from rostra_donations.views.public import donor_token

    person = people.find(email)
    if person is None or person.erased_at:
        return False
    if not Donation.objects.filter(person=person, site=site).exists():
        return False
    url = page.get_full_url() + page.reverse_subpage("donor_page", args=[donor_token(person, site)])
    send(
        "donations/donor_link",
        to=person.email,
        person=person,
        purpose="donation_receipts",
        site=site,
        context={"url": url, "hours": _hours()},
    )
    return True


def _hours():
    from rostra_donations import conf

    return conf.get("DONATIONS_DONOR_LINK_HOURS")


def page_context(site, person_id, page, token, request):
    gifts = (
        Donation.objects.filter(person_id=person_id, site=site)
        .exclude(status__in=[DonationStatus.CANCELLED, DonationStatus.PENDING])
        .select_related("acknowledgement")
        .order_by("-created_at")
    )
    monthly = RecurringGift.objects.filter(
        person_id=person_id, site=site, state=RecurringGift.State.ACTIVE
    )
    provider = providers.online_for_site(site)
    manage = {}
    if provider is not None:
        return_url = request.build_absolute_uri()
        for gift in monthly:
            manage[gift.pk] = provider.manage_url(gift, return_url)
    return {
        "gifts": gifts,
        "monthly": [(gift, manage.get(gift.pk, "")) for gift in monthly],
        "token": token,
        "hours": _hours(),
    }


def acknowledgement_response(site, person_id, reference):
    year, _sep, number = reference.partition("-")
    if not (year.isdigit() and number.isdigit()):
        raise Http404
    ack = Acknowledgement.objects.filter(
        site=site, year=int(year), number=int(number), donation__person_id=person_id
    ).first()
    if ack is None or not ack.pdf:
        raise Http404
    return FileResponse(
        ack.pdf.open("rb"),
        as_attachment=True,
        filename=ack.filename,
        content_type="application/pdf",
    )


def act_on_monthly(request, *, site, person_id, page):
    gift = RecurringGift.objects.filter(
        pk=request.POST.get("monthly", "0") if request.POST.get("monthly", "").isdigit() else 0,
        person_id=person_id,
        site=site,
        state=RecurringGift.State.ACTIVE,
    ).first()
    if gift is None:
        return _("This monthly gift is not active any more.")
    provider = providers.by_code(gift.provider, site)
    action = request.POST.get("action")
    if action == "cancel":
        try:
            provider.cancel_recurring(gift)
        except providers.ProviderError:
            return _("The payment service could not be reached. Please try again later.")
        RecurringGift.objects.filter(pk=gift.pk).update(
            state=RecurringGift.State.CANCELLED, cancelled_at=timezone.now()
        )
        return _("Your monthly gift is stopped. Thank you for your support.")
    if action == "change":
        try:
            cents = read_euros(request.POST.get("amount"))
        except ValidationError as error:
            return error.messages[0]
        if cents < (page.minimum_amount * 100):
            return _("Give an amount in euros of at least €%(minimum)s.") % {
                "minimum": page.minimum_amount
            }
        first = gift.first_donation()
        with transaction.atomic():
            caps.lock_donor(person_id, first.donor_key)
            check = caps.check(
                person=first.person,
                key=first.donor_key,
                amount=cents,
                frequency=Frequency.MONTHLY,
                recipient_kind=first.recipient_kind,
                jurisdiction=first.jurisdiction,
                election=first.election,
                exclude_recurring=gift,
            )
            if not check.allowed:
                from rostra_donations.checkout import refusal_message

                return refusal_message(check)
            try:
                provider.change_recurring(gift, cents)
            except providers.ProviderError:
                return _("The payment service could not be reached. Please try again later.")
            RecurringGift.objects.filter(pk=gift.pk).update(amount=cents)
        return _("Your monthly gift is now €%(amount)s.") % {"amount": format_cents(cents)}
    return ""
