"""Exporting people with django-import-export: the columns carry NationBuilder's
names, so a file exported here imports back (here or elsewhere) as it is."""

from import_export import fields, resources

from rostra import spreadsheets
from rostra.people import masking
from rostra.people.models import ConsentState, Person

FORMATS = ("csv", "xlsx")


class PersonResource(resources.ModelResource):
    nationbuilder_id = fields.Field(attribute="pk", column_name="nationbuilder_id")
    first_name = fields.Field(attribute="first_name", column_name="first_name")
    last_name = fields.Field(attribute="last_name", column_name="last_name")
    email = fields.Field(attribute="email", column_name="email")
    phone_number = fields.Field(attribute="phone", column_name="phone_number")
    mobile_number = fields.Field(attribute="mobile_phone", column_name="mobile_number")
    primary_address1 = fields.Field(attribute="address_line1", column_name="primary_address1")
    primary_address2 = fields.Field(attribute="address_line2", column_name="primary_address2")
    primary_zip = fields.Field(attribute="postcode", column_name="primary_zip")
    primary_city = fields.Field(attribute="commune", column_name="primary_city")
    primary_country_code = fields.Field(attribute="country", column_name="primary_country_code")
    departement = fields.Field(attribute="departement_code", column_name="departement")
    constituency = fields.Field(attribute="constituency", column_name="constituency")
    tag_list = fields.Field(column_name="tag_list")
    email_opt_in = fields.Field(column_name="email_opt_in")
    mobile_opt_in = fields.Field(column_name="mobile_opt_in")
    do_not_contact = fields.Field(attribute="do_not_contact", column_name="do_not_contact")
    do_not_call = fields.Field(attribute="do_not_call", column_name="do_not_call")
    created_at = fields.Field(attribute="created_at", column_name="created_at")

    class Meta:
        model = Person
        fields = (
            "nationbuilder_id",
            "first_name",
            "last_name",
            "email",
            "phone_number",
            "mobile_number",
            "primary_address1",
            "primary_address2",
            "primary_zip",
            "primary_city",
            "primary_country_code",
            "departement",
            "constituency",
            "tag_list",
            "email_opt_in",
            "mobile_opt_in",
            "do_not_contact",
            "do_not_call",
            "created_at",
        )

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


def export_file(queryset, fmt="csv", *, mask=False):
    """(bytes or text, content type, extension) of the people in ``queryset``;
    ``mask``: contact fields outside consent masked (rostra.people.masking).
    Written by rostra.spreadsheets: no cell starts a formula."""
    dataset = PersonResource(mask=mask).export(queryset)
    content = spreadsheets.write_dataset(dataset, fmt, title="People")
    return content, spreadsheets.CONTENT_TYPES[fmt], fmt
