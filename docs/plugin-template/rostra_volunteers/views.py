"""The page's two steps. What a visitor types reaches the supporter database
only once they prove the address is theirs (the emailed link): until then it
lives in the signed link itself, and nothing is stored."""

from django.core import signing
from django.core.cache import cache
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.translation import get_language
from rostra.client_ip import client_ip
from rostra.mail.sending import send
from rostra.people import api
from rostra.people.models import Consent

from rostra_volunteers.apps import VOLUNTEER_CONTACT
from rostra_volunteers.forms import CONSENT_WORDING, OfferForm
from rostra_volunteers.models import Availability

SALT = "rostra_volunteers.confirm"
LINK_DAYS = 7
OFFERS_PER_HOUR = 5  # per connection: the form sends an email to any address typed


def offer(page, request):
    form = OfferForm(request.POST or None)
    context = page.get_context(request) | {"form": form}
    status = 200
    if request.method == "POST" and form.is_valid():
        if _allowed(request):
            _send_link(page, request, form.cleaned_data)
            context["sent"] = True
        else:
            context["limited"], status = True, 429
    return TemplateResponse(request, page.get_template(request), context, status=status)


def _send_link(page, request, data):
    offered = {
        "e": data["email"],
        "n": data["first_name"],
        "w": str(CONSENT_WORDING),
        "s": data["skills"],
        "o": data["note"],
    }
    token = signing.dumps(offered, salt=SALT)
    send(
        "volunteers/confirm",
        to=data["email"],
        site=page.get_site(),
        language=get_language(),
        context={
            "first_name": data["first_name"],
            "confirm_url": page.get_full_url(request)
            + page.reverse_subpage("confirm")
            + "?"
            + urlencode({"t": token}),
            "days": LINK_DAYS,
        },
    )


def _allowed(request):
    key = f"rostra_volunteers:offers:{api.hash_ip(client_ip(request))}"
    cache.add(key, 0, 3600)
    return cache.incr(key) <= OFFERS_PER_HOUR


def confirm(page, request, token):
    """A GET shows a button (a mail scanner following the link records nothing);
    the POST records the person, their consent and their offer."""
    try:
        offered = signing.loads(token, salt=SALT, max_age=LINK_DAYS * 24 * 3600)
    except signing.BadSignature:
        offered = None
    context = page.get_context(request) | {"invalid": offered is None}
    if offered is not None and request.method == "POST":
        site = page.get_site()
        person, _created = api.find_or_create(
            email=offered["e"],
            site=site,
            source=api.Source("page", page.url),
            first_name=offered["n"],
        )
        if not api.can_contact(person, VOLUNTEER_CONTACT):  # a second click records nothing
            api.record_consent(
                person,
                purpose=VOLUNTEER_CONTACT,
                granted=True,
                wording=offered["w"],
                where=Consent.Where.PAGE,
                where_detail=page.url,
                site=site,
                request=request,
            )
        # One offer per person and page: a second click updates it.
        Availability.objects.update_or_create(
            person=person, page=page, defaults={"skills": offered["s"], "note": offered["o"]}
        )
        context["confirmed"] = True
    return TemplateResponse(request, "volunteers/confirm.html", context)
