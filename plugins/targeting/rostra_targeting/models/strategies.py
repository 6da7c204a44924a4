"""A strategy: which bloc, which elections, and the weights of each score."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rostra_targeting.models.blocs import Bloc
from rostra_targeting.models.elections import Election

_WEIGHT = [MinValueValidator(-10), MaxValueValidator(10)]


class Strategy(models.Model):
    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011
    name = models.CharField(_("name"), max_length=120, unique=True)
    bloc = models.ForeignKey(Bloc, on_delete=models.PROTECT, verbose_name=_("our bloc"))
    reference = models.ForeignKey(
        Election,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reference election"),
        help_text=_("Mobilisation potential and closeness to the lead are measured here."),
    )
    swing_from = models.ForeignKey(
        Election,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("swing measured from"),
        help_text=_("The earlier election; the swing runs from it to the reference election."),
    )
    weight_potential = models.FloatField(
        _("weight of mobilisation potential"), default=1, validators=_WEIGHT
    )
    weight_swing = models.FloatField(_("weight of swing"), default=0, validators=_WEIGHT)
    weight_closeness = models.FloatField(
        _("weight of closeness to the lead"), default=0, validators=_WEIGHT
    )
    indicator = models.ForeignKey(
        "targeting.IndicatorColumn",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("INSEE indicator"),
    )
    weight_indicator = models.FloatField(
        _("weight of the indicator"), default=0, validators=_WEIGHT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["name"]

    def __str__(self):
        return self.name


class IndicatorSet(models.Model):
    """An INSEE table imported by commune or by IRIS (e.g. Filosofi incomes)."""

    class Level(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        IRIS = "iris", _("IRIS")

    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("INSEE indicators")
        verbose_name_plural = _("INSEE indicators")

    def __str__(self):
        return self.name


class IndicatorColumn(models.Model):
    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011
    indicators = models.ForeignKey(IndicatorSet, on_delete=models.CASCADE, related_name="columns")
    name = models.CharField(_("column"), max_length=120)

    class Meta:
        verbose_name = _("indicator")
        ordering = ["indicators__name", "name"]

    def __str__(self):
        return f"{self.indicators} — {self.name}"


class IndicatorValue(models.Model):
    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011
    column = models.ForeignKey(IndicatorColumn, on_delete=models.CASCADE, related_name="values")
    code = models.CharField(_("INSEE code"), max_length=9)  # commune (5) or IRIS (9)
    value = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["column", "code"], name="targeting_one_value")
        ]

    def __str__(self):
        return f"{self.code}: {self.value}"
