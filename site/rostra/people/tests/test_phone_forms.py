"""Every form that takes a person's phone reads it like the import does, with
the postcode and country typed in the same form."""

import importlib
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.utils import translation

from rostra.people.forms import PersonForm
from rostra.people.models import Person
from rostra.people.phone_field import PhoneField, PhoneFieldsMixin

# Not a person's phone: the publisher's and the host's, printed as typed in
# the legal notice.
NOT_A_PERSONS_PHONE = {"publisher_phone", "host_phone"}


# Modules that define no forms and must not be imported twice or out of place.
_SKIPPED = {"tests", "migrations", "settings", "management", "wsgi", "asgi"}


def _project_forms():
    """Every form class the project's apps and plugins define."""
    for config in apps.get_app_configs():
        if not config.name.startswith("rostra"):
            continue
        package = importlib.import_module(config.name)
        for module in pkgutil.walk_packages(package.__path__, config.name + "."):
            if not _SKIPPED & set(module.name.split(".")):
                importlib.import_module(module.name)
    found, todo = set(), [forms.BaseForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            if subclass.__module__.startswith("rostra"):
                found.add(subclass)
    return found


def test_every_form_taking_a_phone_uses_the_shared_parsing():
    checked = []
    for form_class in _project_forms():
        for name, field in getattr(form_class, "base_fields", {}).items():
            if "phone" not in name or name in NOT_A_PERSONS_PHONE:
                continue
            if isinstance(field, forms.BooleanField):  # "ask for a phone"
                continue
            where = f"{form_class.__module__}.{form_class.__name__}.{name}"
            assert isinstance(field, PhoneField), f"{where}: use rostra.people.phone_field"
            assert issubclass(form_class, PhoneFieldsMixin), f"{where}: add PhoneFieldsMixin"
            checked.append(where)
    # The petition form and the admin's person form at least.
    assert "rostra_petitions.forms.SignatureForm.phone" in checked
    assert "rostra.people.forms.PersonForm.mobile_phone" in checked


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("postcode", "phone", "mobile"),
    [
        ("97110", "0590 81 12 34", "+590590811234"),
        ("97600", "0269 60 12 34", "+262269601234"),
        ("97500", "41 23 45", "+508412345"),
    ],
)
def test_the_admin_reads_an_overseas_number_with_the_persons_postcode(postcode, phone, mobile):
    form = PersonForm(
        data={
            "email": "someone@example.org",
            "postcode": postcode,
            "country": "FR",
            "language": "fr",
            "phone": phone,
            "mobile_phone": "0690 12 34 56",
        },
        instance=Person(),
    )
    assert form.is_valid(), form.errors
    person = form.save()
    assert (person.phone, person.mobile_phone) == (mobile, "+590690123456")


@pytest.mark.django_db
def test_the_admin_refuses_a_number_that_is_not_one_in_the_users_language():
    data = {"email": "someone@example.org", "country": "FR", "language": "fr", "phone": "01 23"}
    with translation.override("fr"):
        form = PersonForm(data=data, instance=Person())
        assert not form.is_valid()
        assert form.errors["phone"] == ["« 01 23 » n'est pas un numéro de téléphone valide."]
