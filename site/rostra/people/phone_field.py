"""The phone number of every form that asks for one — petitions, donations,
sign-ups, self-service, the admin: read by ``rostra.people.phones``, the
parsing imports use, with the country and postcode the person typed in the
same form (a Guadeloupe postcode makes "0690 12 34 56" +590 690 12 34 56), and
cleaned to E.164.

    class SignatureForm(PhoneFieldsMixin, forms.Form):
        postcode = forms.CharField()
        country = forms.ChoiceField(choices=...)
        phone = PhoneField(required=False)

The number is read in the form's ``clean()`` (the mixin's), once the country
and postcode fields are clean; tests/test_phone_forms.py checks every form of
the project with a phone uses both.
"""

from django import forms

from rostra.people import phones


class PhoneField(forms.CharField):
    def __init__(self, *, country_field="country", postcode_field="postcode", **kwargs):
        # Room for what people type ("+33 (0)6 12 34 56 78"); E.164 is shorter.
        kwargs["max_length"] = max(kwargs.get("max_length") or 0, 32)
        super().__init__(**kwargs)
        self.country_field = country_field
        self.postcode_field = postcode_field

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "autocomplete": "tel", "inputmode": "tel"}


class PhoneFieldsMixin:
    """Reads the form's PhoneFields with its country and postcode."""

    def clean(self):
        data = super().clean()
        for name, field in self.fields.items():
            if not isinstance(field, PhoneField) or not data.get(name):
                continue
            country = data.get(field.country_field) or "FR"
            postcode = data.get(field.postcode_field) or ""
            try:
                data[name] = phones.normalise(data[name], country, postcode)
            except phones.InvalidPhone as error:
                self.add_error(name, str(error))
        return data
