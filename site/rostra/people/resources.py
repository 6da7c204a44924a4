"""Exporting people with django-import-export: the columns carry NationBuilder's
names, so a file exported here imports back (here or elsewhere) as it is."""

from import_export import fields, resources

from rostra import spreadsheets
from rostra.people import masking
from rostra.people.models import ConsentState, Person

FORMATS = ("csv", "xlsx")


# NationBuilder's columns, in the file's order, and the attribute of the person
# each holds (None: a dehydrate_ method of PersonResource writes it).
COLUMNS = {
    "nationbuilder_id": "pk",
    "first_name": "first_name",
    "last_name": "last_name",
    "email": "email",
    "phone_number": "phone",
    "mobile_number": "mobile_phone",
    "primary_address1": "address_line1",
    "primary_address2": "address_line2",
    "primary_zip": "postcode",
    "primary_city": "commune",
    "primary_country_code": "country",
    "departement": "departement_code",
    "constituency": "constituency",
    "tag_list": None,
    "email_opt_in": None,
    "mobile_opt_in": None,
    "do_not_contact": "do_not_contact",
    "do_not_call": "do_not_call",
    "created_at": "created_at",
}


class _PersonExport(resources.ModelResource):
    """How the columns are filled: the consents read once for the whole
    queryset, contact fields masked outside consent."""

    def __init__(self, mask=False, **kwargs):
        super().__init__(**kwargs)
        self._granted = set()
        self._mask = mask
        self._channels = set()

    def export(self, queryset=None, **kwargs):
        queryset = (queryset if queryset is not None else Person.objects.all()).prefetch_related(
            "tagged_items__tag"
        )
        self._granted = set(
            ConsentState.objects.filter(
                person__in=queryset.values("pk"), purpose="newsletter", granted=True
            ).values_list("person_id", "channel")
        )
        if self._mask:
            self._channels = set(
                ConsentState.objects.filter(
                    person__in=queryset.values("pk"), granted=True
                ).values_list("person_id", "channel")
            )
        return super().export(queryset=queryset, **kwargs)

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        needed = masking.FIELD_CHANNELS.get(field.attribute or "")
        consented = needed and any((instance.pk, c) in self._channels for c in needed)
        if self._mask and needed and value and not consented:
            return masking.MASK
        return value

    def dehydrate_tag_list(self, person):
        return ", ".join(sorted(item.tag.name for item in person.tagged_items.all()))

    def dehydrate_email_opt_in(self, person):
        return "true" if (person.pk, "email") in self._granted else "false"

    def dehydrate_mobile_opt_in(self, person):
        return "true" if (person.pk, "sms") in self._granted else "false"


PersonResource = resources.modelresource_factory(
    Person,
    resource_class=_PersonExport,
    meta_options={"fields": tuple(COLUMNS)},
    custom_fields={
        column: fields.Field(attribute=attribute, column_name=column)
        for column, attribute in COLUMNS.items()
    },
)


def export_file(queryset, fmt="csv", *, mask=False):
    """(bytes or text, content type, extension) of the people in ``queryset``;
    ``mask``: contact fields outside consent masked (rostra.people.masking).
    Written by rostra.spreadsheets: no cell starts a formula."""
    dataset = PersonResource(mask=mask).export(queryset)
    content = spreadsheets.write_dataset(dataset, fmt, title="People")
    return content, spreadsheets.CONTENT_TYPES[fmt], fmt
