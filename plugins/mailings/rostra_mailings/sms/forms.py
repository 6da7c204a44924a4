"""The SMS broadcast's form: its sites, purposes and segments are those the
user may use; its text comes with the part counter (static/mailings/sms/count.js,
the same rules as rostra_mailings.sms.segments)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rostra.people import purposes
from rostra.people.permissions import scoped_segments
from wagtail.admin.forms import WagtailAdminModelForm

from rostra_mailings.audience import sites_for
from rostra_mailings.personalise import FIELDS
from rostra_mailings.sms import text


def count_phrase(encoding):
    """What the counter says, in the user's language (the script fills the same)."""
    if encoding == "gsm":
        phrase = _("{parts} SMS · {units} characters (160 in one SMS, 153 per part beyond)")
    else:
        phrase = _(
            "{parts} SMS · {units} characters in Unicode (70 in one SMS, 67 per part beyond), "
            "because of: {chars}"
        )
    return phrase


class SmsTextarea(forms.Textarea):
    """A textarea with the live part count under it (no inline script)."""

    template_name = "mailings/sms/text_widget.html"

    class Media:
        js = ["mailings/sms/count.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        attrs = context["widget"]["attrs"]
        output = f"{attrs.get('id') or name}-count"
        found = text.counted(value or "")
        attrs.update(
            {
                "data-sms-output": output,
                "data-sms-field-room": text.FIELD_ROOM,
                "data-sms-max-parts": text.MAX_PARTS,
                "data-sms-gsm": count_phrase("gsm"),
                "data-sms-ucs2": count_phrase("ucs2"),
                "data-sms-too-long": _("At most {max} SMS: shorten the text."),
            }
        )
        context["widget"]["count_id"] = output
        context["widget"]["count"] = count_phrase(found.encoding).format(
            parts=found.parts,
            units=found.units,
            chars=" ".join(found.unicode_chars),
        )
        return context


class SmsBroadcastForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["purpose"] = forms.ChoiceField(
            label=gettext_lazy("purpose"),
            choices=list(purposes.all_purposes().items()),
            help_text=self.fields["purpose"].help_text,
        )
        if for_user is not None:
            self.fields["site"].queryset = sites_for(for_user)
            self.fields["segment"].queryset = scoped_segments(for_user)
        self.fields["text"].widget = SmsTextarea(attrs={"rows": 6})
        names = ", ".join("{{ " + name + " }}" for name in FIELDS)
        self.fields["text"].help_text = _(
            "Personal fields: %(fields)s, counted at %(room)s characters. Say how to stop "
            "(STOP). Characters outside the GSM alphabet (ç, ê, ’, emojis) bring a text "
            "message down from 160 to 70 characters."
        ) % {"fields": names, "room": text.FIELD_ROOM}
