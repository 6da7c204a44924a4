"""The treasurer's screens in the Wagtail admin (permission donations.treasurer)."""

import datetime

from django import forms
from django.contrib import messages
from django.db.models import Count, Q, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from rostra_donations import providers, treasurer_actions, treasury
from rostra_donations.checkout import GiftRefused
from rostra_donations.forms import read_euros
from rostra_donations.models import (
    Donation,
    DonationStatus,
    Method,
    SourceVisit,
)


def _sites(request):
    treasury.require(request.user)
    return treasury.sites_for(request.user)


class RefundForm(forms.Form):
    amount = forms.CharField(label=gettext_lazy("Amount to refund (€)"), max_length=12)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=255)

    def clean_amount(self):
        return read_euros(self.cleaned_data["amount"])


def donation_detail(request, pk):
    sites = _sites(request)
    donation = get_object_or_404(Donation.objects.filter(site__in=sites), pk=pk)
    form = RefundForm(
        initial={"amount": f"{(donation.amount - donation.refunded_amount) / 100:.2f}"}
    )
    if request.method == "POST" and request.POST.get("action") == "refund":
        form = RefundForm(request.POST)
        if form.is_valid():
            try:
                treasurer_actions.refund(
                    donation,
                    amount=form.cleaned_data["amount"],
                    reason=form.cleaned_data["reason"],
                    user=request.user,
                )
            except GiftRefused as error:
                form.add_error("amount", str(error))
            else:
                messages.success(request, _("Refund recorded."))
                return redirect("donations_admin:detail", pk=donation.pk)
    elif request.method == "POST" and request.POST.get("action") == "regenerate":
        ack = getattr(donation, "acknowledgement", None)
        if ack is not None:
            treasurer_actions.regenerate(ack, user=request.user)
            messages.success(request, _("The acknowledgement is being rendered again."))
        return redirect("donations_admin:detail", pk=donation.pk)
    return TemplateResponse(
        request,
        "donations/admin/detail.html",
        {
            "donation": donation,
            "attempts": donation.attempts.all(),
            "refunds": donation.refunds.select_related("requested_by"),
            "disputes": [d for a in donation.attempts.all() for d in a.disputes.all()],
            "acknowledgement": getattr(donation, "acknowledgement", None),
            "form": form,
        },
    )


def acknowledgement_pdf(request, pk):
    sites = _sites(request)
    donation = get_object_or_404(Donation.objects.filter(site__in=sites), pk=pk)
    ack = getattr(donation, "acknowledgement", None)
    if ack is None or not ack.pdf:
        return HttpResponse(status=404)
    response = HttpResponse(ack.pdf.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{ack.filename}"'
    return response


class OfflineGiftForm(forms.Form):
    site = forms.ModelChoiceField(label=gettext_lazy("Site"), queryset=Site.objects.none())
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Donation.Kind.choices)
    method = forms.ChoiceField(
        label=gettext_lazy("Method"),
        choices=[(Method.CHEQUE, Method.CHEQUE.label), (Method.TRANSFER, Method.TRANSFER.label)],
    )
    amount = forms.CharField(label=gettext_lazy("Amount (€)"), max_length=12)
    paid_at = forms.DateField(
        label=gettext_lazy("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    bank_reference = forms.CharField(
        label=gettext_lazy("Cheque number or transfer reference"), required=False, max_length=120
    )
    civility = forms.ChoiceField(
        label=gettext_lazy("Title"),
        required=False,
        choices=[("", "—"), ("Mme", "Mme"), ("M.", "M.")],
    )
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("Email"))
    address_line1 = forms.CharField(label=gettext_lazy("Tax address"), max_length=200)
    postcode = forms.CharField(label=gettext_lazy("Postcode"), max_length=16)
    town = forms.CharField(label=gettext_lazy("Town"), max_length=150)
    elected_office = forms.CharField(
        label=gettext_lazy("Elected office (if any)"), required=False, max_length=120
    )
    outside_cap = forms.BooleanField(
        label=gettext_lazy("Dues of an elected official (not counted towards the cap)"),
        required=False,
    )
    attested = forms.BooleanField(
        label=gettext_lazy(
            "The donor signed the attestations (natural person, nationality or residence, cap)"
        )
    )

    def clean_amount(self):
        cents = read_euros(self.cleaned_data["amount"])
        if cents <= 0:
            raise forms.ValidationError(_("Give an amount in euros, for example 25 or 12.50."))
        return cents


def offline_gift(request):
    sites = _sites(request)
    form = OfflineGiftForm(request.POST or None, initial={"paid_at": timezone.localdate()})
    form.fields["site"].queryset = sites
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["paid_at"] = timezone.make_aware(
            datetime.datetime.combine(data["paid_at"], datetime.time(12))
        )
        try:
            donation = treasurer_actions.record_offline(data["site"], data, user=request.user)
        except GiftRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Gift recorded."))
            return redirect("donations_admin:detail", pk=donation.pk)
    return TemplateResponse(request, "donations/admin/offline.html", {"form": form})


def reconciliation(request):
    """One day: what the provider counted and paid out, against the ledger."""
    sites = _sites(request)
    site = sites.filter(pk=request.GET.get("site") or 0).first() or sites.first()
    try:
        day = datetime.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = timezone.localdate() - datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    context = {"sites": sites, "site": site, "day": day, "error": ""}
    if site is not None:
        ledger_paid = list(
            Donation.objects.filter(site=site, paid_at__gte=start, paid_at__lt=end)
            .exclude(method__in=[Method.CHEQUE, Method.TRANSFER])
            .prefetch_related("attempts")
        )
        provider = providers.online_for_site(site)
        payouts, settled = [], []
        if provider is not None:
            try:
                payouts, settled = provider.balance(start, end)
            except providers.ProviderError as error:
                context["error"] = str(error)
        known = {a.payment_ref for d in ledger_paid for a in d.attempts.all() if a.payment_ref}
        provider_refs = {line.payment_ref for line in settled if line.kind == "payment"}
        context.update(
            payouts=payouts,
            settled=settled,
            ledger_paid=ledger_paid,
            ledger_total=sum(d.amount for d in ledger_paid),
            provider_total=sum(line.amount for line in settled if line.kind == "payment"),
            provider_refunds=sum(line.amount for line in settled if line.kind == "refund"),
            fees=sum(line.fee for line in settled),
            payout_total=sum(p.amount for p in payouts),
            missing_in_ledger=[
                line for line in settled if line.kind == "payment" and line.payment_ref not in known
            ],
            missing_at_provider=[
                d
                for d in ledger_paid
                if not {a.payment_ref for a in d.attempts.all()} & provider_refs
            ],
            offline_total=Donation.objects.filter(
                site=site,
                paid_at__gte=start,
                paid_at__lt=end,
                method__in=[Method.CHEQUE, Method.TRANSFER],
            ).aggregate(total=Sum("amount"))["total"]
            or 0,
        )
    return TemplateResponse(request, "donations/admin/reconciliation.html", context)


def sources(request):
    """Conversion per source: visits of donation pages, gifts and amounts."""
    sites = _sites(request)
    visits = {
        row["source"]: row["views"]
        for row in SourceVisit.objects.filter(Q(page__in=_pages_of(sites)))
        .values("source")
        .annotate(views=Sum("views"))
    }
    gifts = {}
    for row in (
        Donation.objects.filter(
            site__in=sites, status__in=[DonationStatus.PAID, DonationStatus.DISPUTED]
        )
        .values("refcode", "utm_source")
        .annotate(count=Count("pk"), amount=Sum("amount"))
    ):
        key = row["refcode"] or (f"utm:{row['utm_source']}" if row["utm_source"] else "")
        count, amount = gifts.get(key, (0, 0))
        gifts[key] = (count + row["count"], amount + (row["amount"] or 0))
    rows = []
    for source in sorted(set(visits) | set(gifts)):
        views = visits.get(source, 0)
        count, amount = gifts.get(source, (0, 0))
        rows.append(
            {
                "source": source,
                "views": views,
                "gifts": count,
                "amount": amount,
                "conversion": (100 * count / views) if views else None,
            }
        )
    return TemplateResponse(request, "donations/admin/sources.html", {"rows": rows})


def _pages_of(sites):
    from rostra_donations.models import DonationPage

    pages = DonationPage.objects.none()
    for site in sites:
        pages = pages | DonationPage.objects.descendant_of(site.root_page)
    return pages
