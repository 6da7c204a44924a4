"""Elections, polling stations and their official results."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Election(models.Model):
    """One round of one election (the Ministry publishes one file per round)."""

    class Kind(models.TextChoices):
        PRESIDENTIAL = "presidentielle", _("Presidential")
        LEGISLATIVE = "legislatives", _("Legislative")
        EUROPEAN = "europeennes", _("European")
        MUNICIPAL = "municipales", _("Municipal")
        REGIONAL = "regionales", _("Regional")
        DEPARTMENTAL = "departementales", _("Departmental")

    kind = models.CharField(_("election"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    round = models.PositiveSmallIntegerField(_("round"), default=1, choices=[(1, 1), (2, 2)])
    held_on = models.DateField(_("polling day"), null=True, blank=True)

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-year", "kind", "round"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "round"], name="targeting_one_round")
        ]

    def __str__(self):
        return _("%(kind)s %(year)s, round %(round)s") % {
            "kind": self.get_kind_display(),
            "year": self.year,
            "round": self.round,
        }


class PollingStation(models.Model):
    """A polling station (bureau de vote), known by INSEE's code commune_number."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    commune_code = models.CharField(_("INSEE commune code"), max_length=5, db_index=True)
    commune_name = models.CharField(_("commune"), max_length=100, blank=True)
    number = models.CharField(_("number"), max_length=8)
    name = models.CharField(_("name"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    registered_voters = models.PositiveIntegerField(_("registered voters"), null=True, blank=True)

    class Meta:
        verbose_name = _("polling station")
        verbose_name_plural = _("polling stations")
        ordering = ["commune_code", "number"]

    def __str__(self):
        label = f"{self.commune_name or self.commune_code} {self.number}"
        return f"{label} — {self.name}" if self.name else label

    @property
    def departement_code(self):
        code = self.commune_code
        return code[:3] if code.startswith(("97", "98")) else code[:2]


class StationResult(models.Model):
    """The totals of one polling station at one election."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="results")
    station = models.ForeignKey(PollingStation, on_delete=models.CASCADE, related_name="results")
    registered = models.PositiveIntegerField(_("registered"))
    voters = models.PositiveIntegerField(_("voters"))
    blank = models.PositiveIntegerField(_("blank"), default=0)
    null = models.PositiveIntegerField(_("void"), default=0)
    cast = models.PositiveIntegerField(_("votes cast"))

    class Meta:
        verbose_name = _("polling station result")
        constraints = [
            models.UniqueConstraint(fields=["election", "station"], name="targeting_one_result")
        ]

    def __str__(self):
        return f"{self.station} — {self.election}"

    @property
    def abstentions(self):
        return self.registered - self.voters


class CandidateResult(models.Model):
    """The votes of one candidate (or list) in one polling station."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    result = models.ForeignKey(StationResult, on_delete=models.CASCADE, related_name="candidates")
    panel = models.PositiveSmallIntegerField(_("panel number"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    nuance = models.CharField(_("nuance"), max_length=40, blank=True, db_index=True)
    votes = models.PositiveIntegerField(_("votes"))

    class Meta:
        verbose_name = _("candidate result")
        constraints = [
            models.UniqueConstraint(fields=["result", "panel"], name="targeting_one_candidate")
        ]

    def __str__(self):
        return f"{self.name} ({self.nuance}): {self.votes}"
