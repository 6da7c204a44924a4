"""The person-data contract: every model that points at a person says how its
rows follow a merge, appear in the person's data export, and are erased or kept
for a legal reason.

A plugin lists one ``PersonRecords`` per such model (its dotted path) in its
``PluginConfig``::

    class SignatureRecords(PersonRecords):
        model = "petitions.Signature"
        title = _("Petition signatures")
        export_fields = ("petition", "first_name", "email", "created_at")
        erase_fields = ("first_name", "last_name", "email", "phone")

    class PetitionsConfig(PluginConfig):
        personal_data = ["rostra_petitions.personal_data.SignatureRecords"]

The core applies them in ``rostra.people.merging``, ``.export`` and ``.erasure``;
the system check ``rostra.E010`` refuses to start when an installed model has a
foreign key to ``people.Person`` that no declaration covers (people's own models
are the core's: it handles them itself).
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.core import checks
from django.utils import timezone
from django.utils.module_loading import import_string

PERSON = ("people", "person")


@dataclass
class Kept:
    """Rows kept, with their identity, under a legal obligation."""

    reason: str
    until: datetime.date
    count: int


@dataclass
class Erased:
    """What erasing one model's rows did: a line for the report, and what was kept."""

    summary: str
    kept: list = field(default_factory=list)


class PersonRecords:
    """The declaration of one model holding rows about a person."""

    #: "app_label.ModelName"
    model = ""
    #: The foreign key to people.Person.
    person_field = "person"
    #: The export section's title (translatable).
    title = ""
    #: Fields written into the person's data export, in order.
    export_fields = ()
    #: Fields blanked on erasure, on every row.
    erase_fields = ()
    #: Fields blanked on erasure unless the row is kept under a legal obligation.
    identity_fields = ()
    #: The legal reason shown to the user when rows are kept (translatable).
    keep_reason = ""

    def __init__(self):
        self.model_class = apps.get_model(self.model)

    # The rows ----------------------------------------------------------

    def rows(self, person):
        """The person's rows (override to add rows found another way, e.g. by email)."""
        return self.model_class._default_manager.filter(**{self.person_field: person})

    # Merge -------------------------------------------------------------

    def merge(self, kept, merged):
        """Re-point the merged-away person's rows at the person kept."""
        manager = self.model_class._default_manager
        return manager.filter(**{self.person_field: merged}).update(**{self.person_field: kept})

    # Export ------------------------------------------------------------

    def export(self, person):
        return [self.export_row(row) for row in self.rows(person).order_by("pk")]

    def export_row(self, row):
        return {name: _exported(row, name) for name in self.export_fields}

    # Erasure -----------------------------------------------------------

    def kept_until(self, row, today):
        """The date until which the law makes us keep this row's identity, or None."""
        return None

    def erase(self, person, *, actor=None):
        today = timezone.localdate()
        kept, erased, until_latest = 0, 0, None
        for row in self.rows(person).select_for_update():
            until = self.kept_until(row, today)
            names = self.erase_fields
            if until is not None and until >= today:
                kept += 1
                until_latest = max(until_latest or until, until)
                self.hold(row, until)
            else:
                names = (*names, *self.identity_fields)
                erased += 1
            for name in names:
                setattr(row, name, _blank(row, name))
            self.erased(row)
            row.save()
        label = self.model_class._meta.verbose_name_plural
        summary = f"{self.model_class._meta.app_label}: {erased} {label} anonymised"
        result = Erased(summary)
        if kept:
            result.summary += f", {kept} kept under legal obligation"
            result.kept.append(Kept(str(self.keep_reason), until_latest, kept))
        return result

    def hold(self, row, until):
        """Mark a row kept under legal obligation (override to record the date)."""

    def erased(self, row):
        """Mark a row anonymised (the default sets ``anonymised_at`` when it exists)."""
        if any(f.name == "anonymised_at" for f in row._meta.concrete_fields):
            row.anonymised_at = timezone.now()


def _blank(row, name):
    model_field = row._meta.get_field(name)
    return None if model_field.null else model_field.get_default()


def _exported(row, name):
    model_field = row._meta.get_field(name)
    if model_field.choices:
        return str(getattr(row, f"get_{name}_display")())
    value = getattr(row, name)
    if model_field.is_relation:
        return str(value) if value is not None else ""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


# The registry ----------------------------------------------------------


def declarations():
    """One PersonRecords instance per declared model, across installed plugins."""
    from rostra import plugins

    found = []
    for config in plugins.installed():
        for declared in getattr(config, "personal_data", ()):
            records = import_string(declared)() if isinstance(declared, str) else declared()
            records.plugin = config
            found.append(records)
    return found


def undeclared():
    """(model, field) of every foreign key to a person no declaration covers."""
    declared = {(d.model_class, d.person_field) for d in declarations()}
    missing = []
    for model in apps.get_models():
        if model._meta.app_label == PERSON[0]:
            continue  # the core's own tables: merging, export and erasure handle them
        for model_field in model._meta.concrete_fields:
            target = model_field.related_model if model_field.is_relation else None
            if target is None or (target._meta.app_label, target._meta.model_name) != PERSON:
                continue
            if (model, model_field.name) not in declared:
                missing.append((model, model_field.name))
    return missing


@checks.register(checks.Tags.models)
def check_person_relations(app_configs=None, **kwargs):
    return [
        checks.Error(
            f"{model._meta.label}.{name} points at a person but no plugin declares it.",
            hint=(
                "Add a PersonRecords for it to the plugin's PluginConfig.personal_data "
                "(rostra.personal_data; docs/plugins.md): how its rows follow a merge, "
                "appear in the data export and are erased or kept."
            ),
            obj=model,
            id="rostra.E010",
        )
        for model, name in undeclared()
    ]
