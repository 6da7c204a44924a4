"""Political blocs, and which of the Ministry's nuances fall in each: a table
the party edits (the default is in ``rostra_targeting.blocs``)."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Bloc(models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#888888",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour like #aa3311."))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("bloc")
        verbose_name_plural = _("blocs")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class NuanceBloc(models.Model):
    """A nuance as the Ministry writes it (``LFI``, ``ENS``…) or, for elections
    without nuances (the presidential), a candidate's surname, and its bloc."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    nuance = models.CharField(_("nuance or candidate"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=200, blank=True)
    bloc = models.ForeignKey(Bloc, on_delete=models.CASCADE, related_name="nuances")

    class Meta:
        verbose_name = _("nuance")
        verbose_name_plural = _("nuances and their blocs")
        ordering = ["bloc__order", "nuance"]

    def __str__(self):
        return f"{self.nuance} → {self.bloc}"
