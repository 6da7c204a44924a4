"""The supporter database: people, their consent ledger and their timeline.

Plugins never write these tables: they call rostra.people.api.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from rostra.people import purposes
from rostra.people.field_roles import FieldRole


class SourceKind(models.TextChoices):
    PAGE = "page", _("Web page")
    IMPORT = "import", _("Import")
    REFCODE = "refcode", _("Campaign link (refcode)")
    PAPER = "paper", _("Paper form")
    ADMIN = "admin", _("Entered by staff")
    EMAIL = "email", _("Email link")


class TaggedPerson(TaggedItemBase):
    content_object = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="tagged_items"
    )


TERRITORY_FIELDS = (
    "commune_code",
    "district_code",
    "departement_code",
    "region_code",
    "constituency",
)


def territory_codes(place):
    """{territory field: code} of a person living in ``place`` (a
    territories.Territory, or None: all blank)."""
    return {name: getattr(place, name) if place else "" for name in TERRITORY_FIELDS}


class Person(models.Model):
    # Wagtail's reference index ("usage" of pages, images, documents) has nothing
    # to learn from a person's links to a site; left on, every save of a person
    # (each signup, import row, confirmation) queued an index task.
    wagtail_reference_index_ignore = True

    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    # The matching key (rostra.people.canonical); unique among non-blank keys.
    email_canonical = models.CharField(max_length=254, blank=True, editable=False)
    phone = models.CharField(_("phone"), max_length=20, blank=True, help_text=_("E.164"))
    mobile_phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    address_line1 = models.CharField(_("address"), max_length=200, blank=True)
    address_line2 = models.CharField(_("address (continued)"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=16, blank=True)
    commune = models.CharField(_("town"), max_length=150, blank=True)
    country = models.CharField(_("country"), max_length=2, default="FR")
    # The territory, derived from postcode and town on save (rostra.people.territories):
    # what lists are filtered by and what a candidate's view is limited to.
    commune_code = models.CharField(_("commune (INSEE)"), max_length=5, blank=True, editable=False)
    district_code = models.CharField(max_length=5, blank=True, editable=False)
    # Filtered on by equality only: plain indexes in Meta (db_index=True would add
    # a second, pattern-ops one, that no query uses, to write for every person).
    departement_code = models.CharField(_("département"), max_length=3, blank=True, editable=False)
    region_code = models.CharField(_("région"), max_length=3, blank=True, editable=False)
    constituency = models.CharField(_("constituency"), max_length=32, blank=True, editable=False)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )
    tags = TaggableManager(through=TaggedPerson, blank=True, verbose_name=_("tags"))

    source_kind = models.CharField(
        _("source"), max_length=16, choices=SourceKind.choices, default=SourceKind.ADMIN
    )
    source_detail = models.CharField(_("source detail"), max_length=255, blank=True)
    source_site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("first seen on"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # mostly empty: a partial index (Meta)
    )

    do_not_contact = models.BooleanField(_("do not contact at all"), default=False)
    do_not_email = models.BooleanField(_("do not email"), default=False)
    do_not_call = models.BooleanField(_("do not phone"), default=False)
    do_not_text = models.BooleanField(_("do not text"), default=False)

    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Set when the person was erased: the row stays (other records point at it)
    # but holds no personal data.
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    # Set when this record was merged into another: the row stays as a pointer
    # (plugins' rows may still name it) and holds no personal data.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_people",
        db_index=False,  # mostly empty: a partial index (Meta)
    )

    # What becomes of each field (rostra.people.field_roles), in the order forms
    # and exports show them. A new field is declared here (test_field_roles).
    field_roles = {
        "id": FieldRole.EXPORTED,
        "first_name": FieldRole.PERSONAL_DETAIL,
        "last_name": FieldRole.PERSONAL_DETAIL,
        "email": FieldRole.EDITED | FieldRole.EXPORTED | FieldRole.ERASED,
        "email_canonical": FieldRole.ERASED,  # a copy of the address
        "phone": FieldRole.PERSONAL_DETAIL,
        "mobile_phone": FieldRole.PERSONAL_DETAIL,
        "address_line1": FieldRole.PERSONAL_DETAIL,
        "address_line2": FieldRole.PERSONAL_DETAIL,
        "postcode": FieldRole.PERSONAL_DETAIL,
        "commune": FieldRole.PERSONAL_DETAIL,
        # Never blank (a default), so a merge keeps the record kept's; not
        # erased: they say nothing about who the person was.
        "country": FieldRole.GIVEN | FieldRole.EDITED | FieldRole.EXPORTED,
        "language": FieldRole.GIVEN | FieldRole.EDITED | FieldRole.EXPORTED,
        **dict.fromkeys(TERRITORY_FIELDS, FieldRole.EXPORTED | FieldRole.ERASED),
        "tags": FieldRole.EDITED,  # exported and merged as rows of their own
        "source_kind": FieldRole.EXPORTED,
        "source_detail": FieldRole.EXPORTED | FieldRole.ERASED,
        "source_site": FieldRole.BOOKKEEPING,
        **dict.fromkeys(
            ("do_not_contact", "do_not_email", "do_not_call", "do_not_text"),
            FieldRole.EDITED | FieldRole.STRICTER | FieldRole.EXPORTED,
        ),
        "created_at": FieldRole.EXPORTED,  # a merge keeps the earlier
        "updated_at": FieldRole.EXPORTED,
        "erased_at": FieldRole.BOOKKEEPING,
        "merged_into": FieldRole.BOOKKEEPING,
    }
    # The contact fields that a candidate's team sees only where the person
    # consented on one of these channels (rostra.people.masking).
    shown_with_consent_on = {
        "email": ("email",),
        "phone": ("phone",),
        "mobile_phone": ("sms", "phone"),
        "address_line1": ("post",),
        "address_line2": ("post",),
    }

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        permissions = [
            ("export_person", _("Can export a person's data")),
            ("erase_person", _("Can erase a person")),
            ("import_person", _("Can import people")),
        ]
        indexes = [
            models.Index(fields=["departement_code"], name="people_person_departement"),
            models.Index(fields=["constituency"], name="people_person_constituency"),
            models.Index(fields=["region_code"], name="people_person_region"),
            models.Index(fields=["commune_code"], name="people_person_commune"),
            # Foreign keys that are empty for nearly everyone: only the rows
            # that have one are indexed (a million-row import writes fewer indexes).
            models.Index(
                fields=["source_site"],
                condition=models.Q(source_site__isnull=False),
                name="people_person_source_site",
            ),
            models.Index(
                fields=["merged_into"],
                condition=models.Q(merged_into__isnull=False),
                name="people_person_merged_into",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["email_canonical"],
                condition=~models.Q(email_canonical=""),
                name="people_person_unique_canonical_email",
            )
        ]

    def __str__(self):
        if self.erased_at:
            return str(_("Erased person #%(id)s") % {"id": self.pk})
        # Never the email address: the name shows in lists, choosers, titles and
        # logs, also to users who see contact fields masked (rostra.people.masking).
        return self.full_name or str(_("Person #%(id)s") % {"id": self.pk})

    def save(self, *args, **kwargs):
        self.derive_territory()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"postcode", "commune", "country"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, *TERRITORY_FIELDS}
        super().save(*args, **kwargs)

    @classmethod
    def fields_that(cls, role):
        """The names of the fields with ``role`` (a FieldRole), in declared order."""
        return tuple(name for name, roles in cls.field_roles.items() if role in roles)

    @property
    def full_name(self):
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def territory(self):
        """The Territory of the stored codes (None when the person is not placed)."""
        from rostra.people import territories

        return territories.lookup(self.postcode, self.commune, self.country)

    def derive_territory(self):
        """Set the territory codes from postcode, town and country."""
        from rostra.people import territories

        place = territories.lookup(self.postcode, self.commune, self.country)
        for name, code in territory_codes(place).items():
            setattr(self, name, code)


class PersonEmail(models.Model):
    """Further addresses of a person (from merges and imports); each matches them."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="other_emails")
    email = models.EmailField(max_length=254)
    email_canonical = models.CharField(max_length=254, unique=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("other email")

    def __str__(self):
        return self.email


class ConsentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ConsentLedgerError(_("Consent rows are never edited: record a new one."))

    def delete(self):
        raise ConsentLedgerError(_("Consent rows are never deleted, except by erasure."))

    def reassign_to(self, person):
        """Merging: the rows now belong to the person kept (their content is unchanged)."""
        return models.QuerySet.update(self, person=person)

    def blank_evidence(self):
        """Erasure: forget the IP hash, browser and page; the choice itself stays."""
        return models.QuerySet.update(self, ip_hash="", user_agent="", where_detail="")


class ConsentLedgerError(Exception):
    pass


class Consent(models.Model):
    """One change of consent. Rows are only ever added; the latest row per
    (person, purpose, channel) is the person's current choice."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    class Where(models.TextChoices):
        PAGE = "page", _("Web form")
        IMPORT = "import", _("Import")
        PAPER = "paper", _("Paper form")
        ADMIN = "admin", _("Staff in the admin")
        UNSUBSCRIBE = "unsubscribe", _("Unsubscribe link")
        ERASURE = "erasure", _("Erasure")

    # Indexed by Meta's (person, purpose, channel, recorded_at), which starts with it.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="consents", db_index=False
    )
    purpose = models.CharField(_("purpose"), max_length=64)  # indexed in Meta (equality only)
    channel = models.CharField(_("channel"), max_length=16, default="email")
    granted = models.BooleanField(_("granted"))
    wording = models.TextField(_("wording shown"), blank=True)
    wording_version = models.CharField(_("wording version"), max_length=64, blank=True)
    where = models.CharField(_("where"), max_length=16, choices=Where.choices)
    where_detail = models.CharField(_("where exactly"), max_length=255, blank=True)
    site = models.ForeignKey(
        "wagtailcore.Site",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # mostly empty: a partial index (Meta)
    )
    ip_hash = models.CharField(_("IP address (hashed)"), max_length=64, blank=True)
    user_agent = models.CharField(_("browser"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # mostly empty: a partial index (Meta)
    )
    recorded_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        ordering = ["-recorded_at", "-pk"]
        indexes = [
            models.Index(fields=["person", "purpose", "channel", "-recorded_at"]),
            models.Index(fields=["purpose"], name="people_consent_purpose"),
            models.Index(
                fields=["site"], condition=models.Q(site__isnull=False), name="people_consent_site"
            ),
            models.Index(
                fields=["recorded_by"],
                condition=models.Q(recorded_by__isnull=False),
                name="people_consent_recorded_by",
            ),
        ]

    def __str__(self):
        verb = _("granted") if self.granted else _("withdrawn")
        return f"{purposes.label(self.purpose)} / {purposes.channel_label(self.channel)}: {verb}"

    def save(self, *args, **kwargs):
        erasure = kwargs.pop("_erasure", False)
        if self.pk is not None and not erasure:
            raise ConsentLedgerError(_("Consent rows are never edited: record a new one."))
        super().save(*args, **kwargs)


class TimelineEntry(models.Model):
    """Something that happened to or with a person, newest first."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    class Kind(models.TextChoices):
        SIGNUP = "signup", _("Signed up")
        SIGNATURE = "signature", _("Signed a petition")
        GIFT = "gift", _("Gave")
        IMPORT = "import", _("Imported")
        CONSENT = "consent", _("Consent changed")
        MERGE = "merge", _("Merged")
        EXPORT = "export", _("Data exported")
        VIEW = "view", _("Record viewed")
        UPDATE = "update", _("Details changed")
        ERASURE = "erasure", _("Erased")
        EMAIL = "email", _("Email sent")
        NOTE = "note", _("Note")

    # Indexed by Meta's (person, occurred_at), which starts with it.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="timeline", db_index=False
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    summary = models.CharField(max_length=500)
    # What the entry says, as an English message id translated when it is shown
    # (French and English admins read the same row), with its parameters.
    message = models.CharField(max_length=255, blank=True)
    params = models.JSONField(default=dict, blank=True)
    site = models.ForeignKey(
        "wagtailcore.Site",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # mostly empty: a partial index (Meta)
    )
    data = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # mostly empty: a partial index (Meta)
    )
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["person", "-occurred_at"]),
            models.Index(
                fields=["site"], condition=models.Q(site__isnull=False), name="people_timeline_site"
            ),
            models.Index(
                fields=["actor"],
                condition=models.Q(actor__isnull=False),
                name="people_timeline_actor",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def text(self):
        """The entry in the active language."""
        return self._render(translate=True) if self.message else self.summary

    @property
    def english_text(self):
        from django.utils import translation

        with translation.override("en"):
            return self._render(translate=False)

    def _render(self, *, translate):
        from django.utils.translation import gettext

        params = dict(self.params)
        if "purpose" in params:
            params["purpose"] = purposes.label(params["purpose"])
        if "channel" in params:
            params["channel"] = purposes.channel_label(params["channel"])
        if "amount" in params:
            params["amount"] = _amount_in_active_language(params["amount"])
        template = gettext(self.message) if translate else self.message
        try:
            return template % {name: str(value) for name, value in params.items()}
        except (KeyError, TypeError, ValueError):
            return self.summary or self.message


def _amount_in_active_language(amount):
    """An amount as the reader writes it: 20.00 is "20,00" in French."""
    from decimal import Decimal, InvalidOperation

    from django.utils import formats

    try:
        return formats.number_format(Decimal(str(amount)), 2, use_l10n=True, force_grouping=True)
    except InvalidOperation:
        return amount


class Constituency(models.Model):
    """A legislative constituency (or any area the party works by): a named set
    of communes. INSEE's table is not shipped, so the party imports or edits it."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("constituency")
        verbose_name_plural = _("constituencies")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.name}"

    def territory_changed(self, old_codes=()):
        """Re-place the people of the communes this constituency has, had, or lost."""
        from rostra.people import constituencies

        constituencies.forget()
        mapping = constituencies.mapping()
        codes = {*old_codes, *self.areas.values_list("code", flat=True)}
        places = set(
            Person.objects.filter(
                models.Q(constituency=self.code)
                | models.Q(commune_code__in=codes)
                | models.Q(district_code__in=codes)
            )
            .values_list("district_code", "commune_code")
            .distinct()
        )
        for district, commune in places:
            new = mapping.get(district, "") or mapping.get(commune, "")
            Person.objects.filter(district_code=district, commune_code=commune).exclude(
                constituency=new
            ).update(constituency=new)


class ConstituencyArea(models.Model):
    """One commune (or municipal arrondissement) of a constituency."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    constituency = models.ForeignKey(Constituency, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(_("INSEE code"), max_length=5, unique=True)

    class Meta:
        verbose_name = _("constituency commune")

    def __str__(self):
        return self.code


class ConsentState(models.Model):
    """The latest ledger row per (person, purpose, channel), kept beside the
    ledger so "may we email X about Y?" and the list's consent filter read one
    indexed row instead of searching the ledger. Written with each ledger row;
    ``ledger.refresh_consent_state`` rebuilds it from the ledger."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    # Indexed by the unique (person, purpose, channel), which starts with it.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="consent_states", db_index=False
    )
    purpose = models.CharField(max_length=64)
    channel = models.CharField(max_length=16)
    granted = models.BooleanField()
    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("current consent")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "purpose", "channel"], name="people_consentstate_unique"
            )
        ]
        indexes = [models.Index(fields=["purpose", "channel", "granted", "person"])]

    def __str__(self):
        return f"{self.person_id} {self.purpose}/{self.channel}: {self.granted}"


class SavedSegment(models.Model):
    """A saved search of the people list (filters and search words)."""

    name = models.CharField(_("name"), max_length=120)
    query = models.TextField(_("filters"), help_text=_("The query string of the people list."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("saved segment")
        verbose_name_plural = _("saved segments")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ImportJob(models.Model):
    """One import of a supporters file: its options, progress and per-row report."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Preview")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    file = models.FileField(_("file"), upload_to="people-imports/")
    filename = models.CharField(_("file name"), max_length=255)
    source_label = models.CharField(
        _("source"),
        max_length=255,
        blank=True,
        help_text=_("Shown in each person's history and in the footer of emails to them."),
    )
    tags = models.CharField(_("tags for everyone imported"), max_length=255, blank=True)
    consent_wording = models.TextField(
        _("consent wording"),
        blank=True,
        help_text=_("What the people in this file agreed to (recorded with each opt-in)."),
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    # The dry run (preview) comes first; the import runs once the preview is confirmed.
    dry_run = models.BooleanField(default=True)
    total_rows = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    merged = models.PositiveIntegerField(default=0)  # later rows of a person of the file
    rejected = models.PositiveIntegerField(default=0)
    # [{"line": 12, "action": "reject", "reasons": [...], "notes": [...], "person": 3}];
    # rejections and rows with notes all, the others capped.
    report = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename

    @property
    def percent(self):
        if not self.total_rows:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(100 * self.rows_done / self.total_rows))
