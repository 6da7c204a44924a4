"""Counting tables (see docs/petitions.md, "Counting").

A request never updates a shared counter: confirming (or invalidating) a
signature appends a ``CountDelta`` row in the same transaction as the state
change. One aggregator at a time (PostgreSQL advisory lock) moves the deltas
into ``PetitionState`` and ``TerritoryCount``, deleting the rows it folds in
the same transaction, so each delta is counted exactly once.
"""

import datetime

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper")


class CountDelta(models.Model):
    wagtail_reference_index_ignore = True  # one per confirmation: see Signature

    petition = models.ForeignKey(
        "petitions.PetitionPage", on_delete=models.CASCADE, related_name="+"
    )
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.ONLINE)
    amount = models.IntegerField()
    departement_code = models.CharField(max_length=3, blank=True)
    constituency = models.CharField(max_length=16, blank=True)
    country = models.CharField(max_length=2, blank=True)

    class Meta:
        verbose_name = _("count change")

    def __str__(self):
        return f"{self.petition_id} {self.channel} {self.amount:+d}"


class PetitionState(models.Model):
    """The folded counters and the operational switches of one petition.

    Kept outside the page so switching and counting never need a new revision.
    """

    petition = models.OneToOneField(
        "petitions.PetitionPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="live_state",
    )
    online_count = models.IntegerField(_("confirmed online signatures"), default=0)
    paper_count = models.IntegerField(_("paper signatures"), default=0)
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)
    signing_paused = models.BooleanField(_("signing paused"), default=False)
    paused_at = models.DateTimeField(null=True, blank=True)
    deadline_extension = models.DurationField(default=datetime.timedelta)
    counting_paused = models.BooleanField(_("counting paused"), default=False)
    recounted_at = models.DateTimeField(_("last recount"), null=True, blank=True)
    last_drift = models.IntegerField(_("drift found by the last recount"), default=0)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("signatures anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("petition state")

    def __str__(self):
        return f"{self.petition_id}: {self.online_count} + {self.paper_count}"

    @property
    def total(self):
        return self.online_count + self.paper_count

    @classmethod
    def for_petition(cls, petition):
        """The state of the petition this page is a translation of, if it is one
        (``PetitionPage.counted_petition_id``)."""
        petition_id = petition.counted_petition_id
        state = cls.objects.filter(petition_id=petition_id).first()
        if state is None:
            try:
                with transaction.atomic():
                    state = cls.objects.create(petition_id=petition_id)
            except IntegrityError:
                state = cls.objects.get(petition_id=petition_id)
        return state

    @classmethod
    def for_petitions(cls, petitions):
        """``(petition, state)`` for each page of a listing in a fixed number of
        queries, however many there are: the originals of all the pages' translation
        keys in one, their states in another (missing ones made as ``for_petition``)."""
        from rostra_petitions.models.petition import PetitionPage

        petitions = list(petitions)
        originals = dict(
            PetitionPage.objects.filter(
                translation_key__in={petition.translation_key for petition in petitions}
            )
            .values_list("translation_key")
            .annotate(first=models.Min("pk"))
            .values_list("translation_key", "first")
        )
        for petition in petitions:
            # Primes the cached property, so the rows' links ask nothing more.
            petition.counted_petition_id = originals.get(petition.translation_key, petition.pk)
        states = cls.objects.in_bulk(
            {petition.counted_petition_id for petition in petitions}, field_name="petition_id"
        )
        for petition in petitions:
            found = states.get(petition.counted_petition_id)
            # Primes ``PetitionPage.state`` (read again by is_closed and the rows).
            petition.state = found or cls.for_petition(petition)
        return [(petition, petition.state) for petition in petitions]


class TerritoryCount(models.Model):
    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    class Kind(models.TextChoices):
        DEPARTEMENT = "departement", _("Département")
        CONSTITUENCY = "constituency", _("Constituency")
        COUNTRY = "country", _("Country")

    petition = models.ForeignKey(
        "petitions.PetitionPage", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    code = models.CharField(max_length=16)
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("signatures by territory")
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "kind", "code"], name="petitions_one_count_per_territory"
            )
        ]

    def __str__(self):
        return f"{self.petition_id} {self.kind} {self.code}: {self.count}"


class ThresholdCrossing(models.Model):
    """A threshold the count has reached; ``active`` goes back to False if the
    count drops below it again (after an invalidation)."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    petition = models.ForeignKey(
        "petitions.PetitionPage", on_delete=models.CASCADE, related_name="+"
    )
    threshold = models.PositiveIntegerField()
    active = models.BooleanField(default=True)
    reached_at = models.DateTimeField()
    alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("threshold reached")
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "threshold"], name="petitions_one_crossing_per_threshold"
            )
        ]

    def __str__(self):
        return f"{self.petition_id} ≥ {self.threshold}"
