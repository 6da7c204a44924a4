"""The payment settings form refuses what the platform cannot apply."""

import pytest
from django.forms.models import model_to_dict
from django.utils import translation
from wagtail.admin.panels import get_edit_handler

from rostra_donations.models import PaymentSettings

pytestmark = pytest.mark.django_db


def form_for(payment_settings, user, **changes):
    form_class = get_edit_handler(PaymentSettings).get_form_class()
    data = {
        key: value
        for key, value in model_to_dict(payment_settings).items()
        if key in form_class.base_fields and value is not None
    }
    data.update(changes)
    return form_class(data=data, instance=payment_settings, for_user=user)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "Règles inconnues « xx ». Choisissez parmi : default, fr."),
        ("en", "Unknown rules “xx”. Choose one of: default, fr."),
    ],
)
def test_unknown_jurisdiction_is_refused_in_the_users_language(
    payment_settings, admin_user, language, message
):
    with translation.override(language):
        form = form_for(payment_settings, admin_user, jurisdiction="xx")
        assert not form.is_valid()
        assert form.errors["jurisdiction"] == [message]
    payment_settings.refresh_from_db()
    assert payment_settings.jurisdiction == "fr"


def test_known_jurisdiction_is_saved(payment_settings, admin_user):
    form = form_for(payment_settings, admin_user, jurisdiction="default")
    assert form.is_valid(), form.errors
    form.save()
    payment_settings.refresh_from_db()
    assert payment_settings.jurisdiction == "default"
