"""The treasurer's screens in the Wagtail admin (permission donations.treasurer)."""

import datetime

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages as wagtail_messages
from wagtail.admin.widgets import AdminDateInput
from wagtail.models import Site

from rostra_donations import treasurer_actions, treasury
from rostra_donations.checkout import GiftRefused
from rostra_donations.forms import read_euros
from rostra_donations.models import (
    Donation,
    Method,
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
        if not form.is_valid():
            wagtail_messages.validation_error(
                request, _("The refund could not be recorded due to errors."), form
            )
        else:
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
            "attested_at": _moment(donation.attestations.get("at")),
            "form": form,
        },
    )


def _moment(text):
    """A time stored as ISO text (the attestations), as a datetime to format."""
    try:
        return datetime.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None


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
    paid_at = forms.DateField(label=gettext_lazy("Received on"))
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail's date picker, showing and reading the date as the user's
        # language writes it (07/12/2026 in French); ISO is read too.
        self.fields["paid_at"].widget = AdminDateInput(format=get_format("DATE_INPUT_FORMATS")[0])

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
    if form.errors:
        wagtail_messages.validation_error(
            request, _("The gift could not be recorded due to errors."), form
        )
    return TemplateResponse(request, "donations/admin/offline.html", {"form": form})
