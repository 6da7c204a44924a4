"""The donation page's routes: the form, the return from the payment page,
and the donor's own page (through an emailed, expiring link)."""

import base64
import re
import uuid

from django.contrib import messages
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from rostra import csp, rate_limits

from rostra_donations import checkout, conf, jurisdictions, ledger, providers
from rostra_donations.forms import TRACKING, DonorForm, clean_tracking
from rostra_donations.models import (
    Donation,
    Frequency,
    PaymentSettings,
    SourceVisit,
)
from rostra_donations.models.page import MAX_SUGGESTIONS, parse_amounts


def link_parameters(page, params):
    """What a campaign link may preset: amounts, the selected amount, the
    frequency (all checked again on submission)."""
    preset = {}
    try:
        amounts = parse_amounts(params.get("amounts", ""))[:MAX_SUGGESTIONS]
    except ValueError:
        amounts = []
    minimum = page.minimum_amount
    amounts = [a for a in amounts if minimum <= a <= 100_000]
    if amounts:
        preset["amounts"] = amounts
    amount = params.get("amount", "")
    if re.fullmatch(r"[0-9]{1,6}", amount) and minimum <= int(amount) <= 100_000:
        preset["amount"] = int(amount)
    frequency = params.get("frequency", "")
    if frequency in Frequency.values and (page.allow_monthly or frequency == Frequency.ONE_OFF):
        preset["frequency"] = frequency
    return preset


def source_of(values):
    refcode = clean_tracking(values.get("refcode"))
    if refcode:
        return refcode
    utm = clean_tracking(values.get("utm_source"))
    return f"utm:{utm}" if utm else ""


def count_visit(page, source):
    today = timezone.localdate()
    updated = SourceVisit.objects.filter(page=page, day=today, source=source).update(
        views=F("views") + 1
    )
    if not updated:
        try:
            with transaction.atomic():
                SourceVisit.objects.create(page=page, day=today, source=source, views=1)
        except IntegrityError:
            SourceVisit.objects.filter(page=page, day=today, source=source).update(
                views=F("views") + 1
            )


def index(page, request):
    site = page.get_site()
    settings = PaymentSettings.for_site(site)
    rules = jurisdictions.get(settings.jurisdiction)
    params = request.POST if request.method == "POST" else request.GET
    preset = link_parameters(page, request.GET)
    frequency = params.get("frequency") or preset.get("frequency") or page.default_frequency
    amounts = {
        Frequency.ONE_OFF: preset.get("amounts") or page.amounts(Frequency.ONE_OFF),
        Frequency.MONTHLY: preset.get("amounts") or page.amounts(Frequency.MONTHLY),
    }
    form_kwargs = {
        "page": page,
        "rules": rules,
        "recipient_kind": settings.recipient_kind,
        "amounts": amounts,
    }
    provider = providers.online_for_site(site)
    tracking = {name: clean_tracking(params.get(name)) for name in TRACKING}
    if request.method == "POST":
        form = DonorForm(request.POST, **form_kwargs)
        if not rate_limits.allow(request, "donations:give", conf.get("DONATIONS_FORM_RATE")):
            form.is_valid()
            form.add_error(
                None, _("Too many attempts from your connection. Please wait a few minutes.")
            )
        elif form.is_valid():
            data = {**form.cleaned_data, **tracking}
            base_url = request.build_absolute_uri(page.url)
            try:
                started = checkout.start(
                    page=page,
                    site=site,
                    data=data,
                    request=request,
                    language=translation.get_language() or "fr",
                    # The gift's token is filled in once the gift exists (checkout.start).
                    success_url=base_url + "merci/{token}/",
                    cancel_url=base_url + "annule/{token}/",
                )
            except checkout.GiftRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                return HttpResponseRedirect(started.redirect_url)
    else:
        selected = preset.get("amount")
        form = DonorForm(
            initial={
                "frequency": frequency,
                "amount_choice": str(selected) if selected else "",
                "country": "FR",
                # This form's own checkout: posted twice, it is paid once.
                "checkout": uuid.uuid4(),
            },
            **form_kwargs,
        )
        count_visit(page, source_of(request.GET))
    context = page.get_context(request)
    context.update(
        form=form,
        settings_=settings,
        wording=settings.wording(),
        provider=provider,
        frequency=frequency,
        amounts=amounts,
        selected_amount=str(form["amount_choice"].value() or ""),
        tracking=tracking,
        cancelled=request.GET.get("cancelled") == "1",
        raised=page.raised(),
    )
    response = TemplateResponse(request, page.template, context)
    # The form posts here, then the browser follows the redirect to the provider.
    return csp.allow_form_targets(response, *(provider.form_targets if provider else ()))


def thanks(page, request, token):
    donation = Donation.objects.filter(token=token, page=page).first()
    if donation is None:
        raise Http404
    attempt = donation.attempts.exclude(provider="offline").order_by("-pk").first()
    provider = providers.online_for_site(donation.site)
    if attempt is not None and provider is not None:
        # Webhooks may not have arrived yet: ask the provider (forward-only, idempotent).
        for outcome in provider.handle_return(attempt):
            with transaction.atomic():
                ledger.apply(outcome, donation.site)
        donation.refresh_from_db()
    context = page.get_context(request)
    context.update(donation=donation)
    return TemplateResponse(request, "donations/thanks.html", context)


# The donor's own page ----------------------------------------------------

DONOR_SALT = "rostra-donations-donor-page"


def donor_token(person, site):
    """A signed, expiring token made only of letters, digits, - and _ (Wagtail's
    page URLs accept nothing else)."""
    signed = signing.dumps({"p": person.pk, "s": site.pk}, salt=DONOR_SALT, compress=True)
    return base64.urlsafe_b64encode(signed.encode()).decode().rstrip("=")


def read_donor_token(token, site):
    try:
        signed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        data = signing.loads(
            signed, salt=DONOR_SALT, max_age=conf.get("DONATIONS_DONOR_LINK_HOURS") * 3600
        )
    except (signing.BadSignature, ValueError, UnicodeDecodeError):
        return None
    if data.get("s") != site.pk:
        return None
    return data.get("p")


def donor_request(page, request):
    """Ask for the link by email; the answer never says whether the address gave."""
    from rostra_donations import donors

    site = page.get_site()
    sent = False
    if request.method == "POST":
        if rate_limits.allow(request, "donations:donor-link", 5):
            donors.send_link(request.POST.get("email", ""), site=site, page=page)
        sent = True
    context = page.get_context(request)
    context.update(sent=sent)
    return TemplateResponse(request, "donations/donor_request.html", context)


def _donor(page, request, token):
    site = page.get_site()
    person_id = read_donor_token(token, site)
    if person_id is None:
        return site, None
    return site, person_id


def donor_page(page, request, token):
    from rostra_donations import donors

    site, person_id = _donor(page, request, token)
    if person_id is None:
        context = page.get_context(request)
        context.update(expired=True)
        return TemplateResponse(request, "donations/donor_request.html", context, status=403)
    if request.method == "POST":
        message = donors.act_on_monthly(request, site=site, person_id=person_id, page=page)
        if message:
            messages.info(request, message)
        return HttpResponseRedirect(page.url + page.reverse_subpage("donor_page", args=[token]))
    context = page.get_context(request)
    context.update(donors.page_context(site, person_id, page, token, request))
    return TemplateResponse(request, "donations/donor_page.html", context)


def donor_pdf(page, request, token, reference):
    from rostra_donations import donors

    site, person_id = _donor(page, request, token)
    if person_id is None:
        raise Http404
    return donors.acknowledgement_response(site, person_id, reference)


def cancel(page, request, token):
    """The donor came back from the payment page without paying: the checkout
    is closed at the provider, so it can no longer be paid, and the gift stops
    holding their cap at once. If it was paid after all (the donor followed an
    old link back), they see its receipt, never a form to pay again."""
    donation = Donation.objects.filter(token=token, page=page).first()
    if donation is not None:
        try:
            status = checkout.close(donation, providers.online_for_site(donation.site))
        except providers.ProviderError:
            # The provider cannot say: closed here (a payment that still arrives is recorded).
            status = checkout.close(donation, None)
        if status in checkout.PAID_OR_ON_ITS_WAY:
            return HttpResponseRedirect(page.url + page.reverse_subpage("thanks", args=[token]))
    return HttpResponseRedirect(page.url + "?cancelled=1")
