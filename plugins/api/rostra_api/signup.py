"""OSDI's Person Signup Helper: a form on another site posts a person through
the API. Validated like the public forms, written through the people API (so
``person_created`` and ``consent_changed`` go out as for a form on a page),
with each consent's exact wording in the ledger. All or nothing: a refusal
stores nothing."""

import json

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rostra.people import api, purposes, territories
from rostra.people.canonical import canonical_email
from rostra.people.ledger import Choice
from rostra.people.models import Consent, SourceKind
from rostra.people.phone_field import PhoneField, PhoneFieldsMixin

from rostra_api import calls, hal, people
from rostra_api.models import READ

MAX_TAGS, MAX_CONSENTS = 20, 10


class PersonFields(PhoneFieldsMixin, forms.Form):
    """What the helper reads of OSDI's person, flattened."""

    email = forms.EmailField(label=gettext_lazy("email"), max_length=254)
    first_name = forms.CharField(required=False, max_length=150)
    last_name = forms.CharField(required=False, max_length=150)
    postcode = forms.CharField(required=False, max_length=16)
    commune = forms.CharField(required=False, max_length=150)
    country = forms.RegexField(required=False, regex=r"^[A-Za-z]{2}$")
    phone = PhoneField(required=False)
    language = forms.ChoiceField(required=False, choices=[("fr", "fr"), ("en", "en")])

    def clean_email(self):
        email = self.cleaned_data["email"]
        if not canonical_email(email):
            raise forms.ValidationError(_("Enter a valid email address."))
        return email

    def clean_country(self):
        return (self.cleaned_data.get("country") or "FR").upper()

    def clean_postcode(self):
        # Before clean(): the phone is read with the country and this postcode
        # (PhoneFieldsMixin), as on every form.
        country = str(self.data.get("country") or "FR").upper()
        if not (len(country) == 2 and country.isalpha()):
            return self.cleaned_data.get("postcode") or ""  # the country's own error says why
        postcode = territories.normalise_postcode(self.cleaned_data.get("postcode") or "", country)
        if postcode and not territories.is_valid_postcode(postcode, country):
            raise forms.ValidationError(_("This postcode does not exist."))
        return postcode


OSDI_NAMES = {
    "email": "email_addresses[0].address",
    "first_name": "given_name",
    "last_name": "family_name",
    "postcode": "postal_addresses[0].postal_code",
    "commune": "postal_addresses[0].locality",
    "country": "postal_addresses[0].country",
    "phone": "phone_numbers[0].number",
    "language": "languages_spoken[0]",
}


class Refused(Exception):
    pass


def _first(items, what):
    if items in (None, []):
        return {}
    if not isinstance(items, list) or not isinstance(items[0], dict):
        raise Refused(_("“%(what)s” is a list of objects.") % {"what": what})
    return items[0]


def read_person(person):
    """OSDI's nested person → PersonFields' data."""
    if not isinstance(person, dict):
        raise Refused(_("“person” is an object."))
    address = _first(person.get("postal_addresses"), "postal_addresses")
    email = _first(person.get("email_addresses"), "email_addresses")
    phone = _first(person.get("phone_numbers"), "phone_numbers")
    languages = person.get("languages_spoken") or [""]
    if not isinstance(languages, list):
        raise Refused(_("“%(what)s” is a list.") % {"what": "languages_spoken"})
    fields = {
        "email": email.get("address"),
        "first_name": person.get("given_name"),
        "last_name": person.get("family_name"),
        "postcode": address.get("postal_code"),
        "commune": address.get("locality"),
        "country": address.get("country"),
        "phone": phone.get("number"),
        "language": languages[0],
    }
    for name, value in fields.items():
        if value is not None and not isinstance(value, str):
            raise Refused(_("“%(what)s” is text.") % {"what": OSDI_NAMES[name]})
    return fields


def read_tags(value):
    if value in (None, []):
        return []
    if not isinstance(value, list) or len(value) > MAX_TAGS:
        raise Refused(_("“add_tags” is a list of at most %(most)s names.") % {"most": MAX_TAGS})
    tags = []
    for tag in value:
        if not isinstance(tag, str) or not tag.strip() or len(tag) > 100:
            raise Refused(_("A tag is a name of 1 to 100 characters."))
        tags.append(tag.strip())
    return tags


def read_consents(value):
    """[(purpose, channel, wording)]: each consent needs its exact wording."""
    if value in (None, []):
        return []
    if not isinstance(value, list) or len(value) > MAX_CONSENTS:
        raise Refused(
            _("“rostra:consents” is a list of at most %(most)s consents.") % {"most": MAX_CONSENTS}
        )
    consents = []
    for item in value:
        if not isinstance(item, dict):
            raise Refused(_("A consent is an object with purpose, channel and wording."))
        purpose, channel = item.get("purpose"), item.get("channel", "email")
        wording = item.get("wording")
        if not isinstance(purpose, str) or not purposes.is_declared(purpose):
            raise Refused(
                _("Unknown consent purpose “%(purpose)s”: one of %(known)s.")
                % {"purpose": purpose, "known": ", ".join(purposes.declared())}
            )
        if not isinstance(channel, str) or channel not in purposes.CHANNELS:
            raise Refused(
                _("Unknown channel “%(channel)s”: one of %(known)s.")
                % {"channel": channel, "known": ", ".join(purposes.CHANNELS)}
            )
        if not isinstance(wording, str) or not wording.strip() or len(wording) > 2000:
            raise Refused(
                _("Each consent needs the wording the person was shown (up to 2,000 characters).")
            )
        consents.append((purpose, channel, wording.strip()))
    return consents


def handle(request, key, base):
    try:
        body = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return hal.error(400, _("The body is not JSON."))
    if not isinstance(body, dict):
        return hal.error(400, _("The body is a JSON object with a “person”."))
    try:
        fields = PersonFields(read_person(body.get("person")))
        tags = read_tags(body.get("add_tags"))
        consents = read_consents(body.get("rostra:consents"))
    except Refused as refusal:
        return hal.error(400, str(refusal))
    if not fields.is_valid():
        return hal.error(
            400,
            _("The person is not valid."),
            fields={name: [str(m) for m in messages] for name, messages in fields.errors.items()},
        )
    details = {name: value for name, value in fields.cleaned_data.items() if value}
    email = details.pop("email")
    with transaction.atomic():
        person, created = api.find_or_create(
            email=email,
            site=key.site,
            source=api.Source(SourceKind.PAGE, f"API: {key.name}"),
            tags=tags,
            **details,
        )
        # The person's details only to a key that may read them, within its
        # scope: a signup must not tell a tool what it may not read.
        shown = people.as_written(key, person, base) if key.allows("people", READ) else None
        status = 202 if shown is None else 201 if created else 200
        # The consents in one statement on PostgreSQL (ledger rows, states,
        # timeline), with the call's audit-log line, which so commits with them.
        api.record_consents(
            person,
            [
                Choice(purpose=purpose, channel=channel, granted=True, wording=wording)
                for purpose, channel, wording in consents
            ],
            where=Consent.Where.PAGE,
            where_detail=f"API: {key.name}",
            site=key.site,
            request=request,
            user=key.user,
            also=[calls.log_line(request, status)],
        )
    if shown is None:
        return hal.answer({"identifiers": [], "_links": {}}, status=status)
    return hal.answer(shown, status=status)
