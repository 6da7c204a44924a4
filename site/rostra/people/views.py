from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.models import Site

from rostra.client_ip import client_ip
from rostra.people import api, export, purposes, selfservice, unsubscribe
from rostra.people.models import Consent, Person


@csrf_exempt  # the signed token is the credential; mail clients post without a form
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request, token):
    decoded = unsubscribe.read_token(token)
    person = (
        Person.objects.filter(pk=decoded[0], erased_at__isnull=True).first() if decoded else None
    )
    if person is None:
        return render(
            request, "people/unsubscribe.html", {"invalid": True}, status=404 if decoded else 400
        )
    purpose = decoded[1]
    context = {"person": person, "purpose_label": purposes.label(purpose) if purpose else ""}
    if request.method == "POST" and request.POST.get("choose"):
        # The list of choices: what is unticked stops, the rest stays.
        keep = set(request.POST.getlist("keep"))
        for code, _label in email_subscriptions(person):
            if code not in keep:
                withdraw(person, code, request, _("Unticked on the email choices page."))
        context["saved"] = True
    elif request.method == "POST":
        withdraw(person, purpose, request)
        context["done"] = True
    context["subscriptions"] = email_subscriptions(person)
    return render(request, "people/unsubscribe.html", context)


def email_subscriptions(person):
    """[(purpose, label)] of what the person gets emails about: every declared
    purpose (the core's and the plugins'), in their order, then any a removed
    plugin left behind."""
    codes = {
        purpose
        for (purpose, channel), consent in api.current_consents(person).items()
        if channel == "email" and consent.granted
    }
    declared = list(purposes.declared())
    ordered = [code for code in declared if code in codes] + sorted(codes - set(declared))
    return [(code, purposes.label(code)) for code in ordered]


def withdraw(person, purpose, request, wording=None):
    """Withdraw email consent for one purpose, or stop all email when none is named."""
    if purpose:
        api.record_consent(
            person,
            purpose=purpose,
            channel="email",
            granted=False,
            wording=wording or _("Unsubscribed through the link in an email."),
            where=Consent.Where.UNSUBSCRIBE,
            request=request,
        )
    else:
        if not person.do_not_email:
            person.do_not_email = True
            person.save(update_fields=["do_not_email", "updated_at"])
        for purpose_code, channel in api.current_consents(person):
            if channel == "email":
                api.record_consent(
                    person,
                    purpose=purpose_code,
                    channel="email",
                    granted=False,
                    wording=_("Unsubscribed from every email through the link in an email."),
                    where=Consent.Where.UNSUBSCRIBE,
                    request=request,
                )


class DataRequestForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Your email address"))


@require_http_methods(["GET", "POST"])
def my_data_request(request):
    """Ask for one's data: an expiring link goes to the address, if we know it."""
    form = DataRequestForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not selfservice.allowed(email, api.hash_ip(client_ip(request))):
            context["limited"] = True
            return render(request, "people/my_data_request.html", context, status=429)
        person = api.find(email)
        if person is not None and not person.erased_at:
            from rostra.mail.sending import send

            site = Site.find_for_request(request)
            send(
                "people_data_link",
                to=person.email or email,
                person=person,
                site=site,
                context={"path": selfservice.path(person), "days": selfservice.MAX_AGE // 86400},
            )
        context["sent"] = True
    return render(request, "people/my_data_request.html", context)


@require_http_methods(["GET", "POST"])
def my_data(request, token):
    """The link from the email: a page with buttons (a GET reveals nothing, so
    a mail scanner following the link does not fetch the data)."""
    person = selfservice.read_token(token)
    if person is None:
        return render(request, "people/my_data.html", {"invalid": True}, status=404)
    if request.method == "POST":
        data = api.export_data(person, how="self-service")
        if request.POST.get("format") == "json":
            response = HttpResponse(export.as_json(data), content_type="application/json")
            response["Content-Disposition"] = 'attachment; filename="my-data.json"'
            return response
        return render(request, "people/my_data.html", {"data": data, "person": person})
    return render(request, "people/my_data.html", {"person": person})
