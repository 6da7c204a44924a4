from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from rostra.people import api, purposes, unsubscribe
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
    if request.method == "POST":
        withdraw(person, purpose, request)
        context["done"] = True
    return render(request, "people/unsubscribe.html", context)


def withdraw(person, purpose, request):
    """Withdraw email consent for one purpose, or stop all email when none is named."""
    if purpose:
        api.record_consent(
            person,
            purpose=purpose,
            channel="email",
            granted=False,
            wording=_("Unsubscribed through the link in an email."),
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
