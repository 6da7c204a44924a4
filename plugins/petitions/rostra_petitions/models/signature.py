"""Signatures: one row per signer and petition, online or from paper."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


def new_token():
    return secrets.token_urlsafe(24)


class Signature(models.Model):
    # Not in Wagtail's reference index: a petition's "usage" is not its thousands of
    # signatures, and indexing queued one task per signing (docs/PERFORMANCE.md).
    wagtail_reference_index_ignore = True

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        VALIDATED = "validated", _("Confirmed")
        # Over a limit or on a block list: looks signed to the signer (emailed, the link
        # "works") but is never counted, so abusers cannot probe the limits.
        FRAUDULENT = "fraudulent", _("Fraudulent")
        INVALIDATED = "invalidated", _("Invalidated")
        # A second signature of the same address, from before a petition's
        # translations counted as one petition (migration 0008): kept, with its
        # details and language, but counted through the one it was merged into.
        MERGED = "merged", _("Merged into another signature")

    class Source(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("Paper")

    # Every signing writes each index of this table, and its email batch again
    # (setting the person makes the update write new index entries): the petition
    # is the first column of the indexes in Meta, which serve its lookups.
    petition = models.ForeignKey(
        "petitions.PetitionPage",
        verbose_name=_("petition"),
        on_delete=models.CASCADE,
        related_name="signatures",
        db_index=False,
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.PENDING
    )
    source = models.CharField(
        _("source"), max_length=8, choices=Source.choices, default=Source.ONLINE
    )
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    # Matching key (rostra.people.canonical): one signature per key and petition.
    email_canonical = models.CharField(max_length=254, blank=True, editable=False)
    email_domain = models.CharField(_("email domain"), max_length=254, blank=True)
    # 0 for the first signature of an address; 1 for a second person of the same
    # household (same postcode, another name) where the petition allows it.
    household_rank = models.PositiveSmallIntegerField(default=0, editable=False)
    postcode = models.CharField(_("postcode"), max_length=16, blank=True)
    country = models.CharField(_("country"), max_length=2, default="FR")
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    departement_code = models.CharField(_("département"), max_length=3, blank=True)
    constituency = models.CharField(_("constituency"), max_length=16, blank=True)
    language = models.CharField(_("language"), max_length=8, default="fr")
    # The choices ticked and the exact wording shown: [{purpose, channel, granted, wording}].
    # They reach the people consent ledger when the signer confirms their address.
    consents = models.JSONField(_("consent choices"), default=list, blank=True)
    token = models.CharField(max_length=64, default=new_token, editable=False)
    ip_hash = models.CharField(_("IP address (hashed)"), max_length=64, blank=True)
    fraud_reason = models.CharField(_("why marked fraudulent"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("signed"), default=timezone.now)
    validated_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # When the confirmation email went out: the signature row is its own outbox,
    # sent in batches by the task worker (rostra_petitions.confirmations).
    confirmation_sent_at = models.DateTimeField(_("confirmation email sent"), null=True, blank=True)
    invalidated_at = models.DateTimeField(_("invalidated"), null=True, blank=True)
    invalidation = models.ForeignKey(
        "petitions.Invalidation",
        verbose_name=_("invalidation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signatures",
        db_index=False,  # indexed in Meta where set
    )
    paper_batch = models.ForeignKey(
        "petitions.PaperBatch",
        verbose_name=_("paper batch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signatures",
        db_index=False,  # indexed in Meta where set
    )
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # set on a handful of rows, read from the merged row only
    )

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "email_canonical", "household_rank"],
                condition=~models.Q(email_canonical=""),
                name="petitions_one_signature_per_email",
            )
        ]
        indexes = [
            models.Index(fields=["petition", "state"]),
            models.Index(fields=["petition", "created_at"]),
            models.Index(fields=["ip_hash", "created_at"]),
            models.Index(fields=["email_domain", "created_at"]),
            models.Index(
                fields=["id"],
                condition=models.Q(confirmation_sent_at__isnull=True, source="online"),
                name="petitions_sig_unsent_idx",
            ),
            # Empty for nearly every signature: only the rows that have one are
            # indexed (an equality lookup implies a value, so these serve it).
            models.Index(
                fields=["invalidation"],
                condition=models.Q(invalidation__isnull=False),
                name="petitions_sig_invalidation",
            ),
            models.Index(
                fields=["paper_batch"],
                condition=models.Q(paper_batch__isnull=False),
                name="petitions_sig_paper_batch",
            ),
        ]

    def __str__(self):
        if self.anonymised_at:
            return str(_("Anonymised signature #%(id)s") % {"id": self.pk})
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_language_display(self):
        """The signer's language by its name, in the reader's language ("anglais",
        "English"): the admin's list and signature page show this, not "en"."""
        try:
            name = translation.get_language_info(self.language)["name_translated"]
        except KeyError:  # a code Django does not know: show it as stored
            return self.language
        return capfirst(name)

    @property
    def counted(self):
        return self.state == self.State.VALIDATED


class Confirmation(models.Model):
    """A confirmed signature on its way to the supporter database: appended in
    the transaction that validates the signature and writes its count delta,
    deleted by the batch that records the signer's details, consents and
    timeline and sends ``petition_confirmed``, in that batch's transaction
    (rostra_petitions.recording). The row is the outbox: each confirmation is
    recorded once, whatever crashes or runs twice."""

    wagtail_reference_index_ignore = True  # one per confirmation: see Signature

    signature = models.ForeignKey(
        Signature, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    confirmed_at = models.DateTimeField()
    # The click's evidence, for the consent ledger (as record_consent takes it
    # from the request): the hashed IP address, the browser, a logged-in user.
    ip_hash = models.CharField(max_length=64, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = _("confirmation to record")

    def __str__(self):
        return f"#{self.signature_id} {self.confirmed_at:%Y-%m-%d %H:%M}"


class PaperBatch(models.Model):
    """One imported file of paper signatures (imported by a background task; its
    progress is in the cache, see paper.progress)."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    petition = models.ForeignKey(
        "petitions.PetitionPage",
        verbose_name=_("petition"),
        on_delete=models.CASCADE,
        related_name="paper_batches",
    )
    file_name = models.CharField(_("file"), max_length=255)
    imported = models.PositiveIntegerField(_("signatures imported"), default=0)
    skipped = models.PositiveIntegerField(_("rows skipped"), default=0)
    report = models.JSONField(_("report"), default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DONE
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    error = models.TextField(_("error"), blank=True)
    # The decoded file until it is imported (it holds names: emptied afterwards).
    content = models.TextField(blank=True)

    class Meta:
        verbose_name = _("paper signatures import")
        ordering = ["-imported_at"]

    def __str__(self):
        return f"{self.file_name} ({self.imported})"

    @property
    def running(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
