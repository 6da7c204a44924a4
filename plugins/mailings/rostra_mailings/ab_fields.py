"""The fields of a mailing's optional A/B test of two subjects (their logic:
rostra_mailings.ab). Kept apart so the mailing's own model stays readable."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

#: The share of the audience that may make the sample, in percent.
SAMPLE_MIN, SAMPLE_MAX = 10, 50


def one_line(value):
    """A subject is a header: no line breaks (the mailing's own rule)."""
    from rostra_mailings.models import no_line_breaks

    no_line_breaks(value)


class SubjectTest(models.Model):
    subject_b = models.CharField(
        _("second subject (A/B test)"),
        max_length=200,
        blank=True,
        validators=[one_line],
        help_text=_(
            "Optional. Half of a sample gets the first subject, half this one; "
            "after the wait, the rest of the audience gets the subject that did better."
        ),
    )
    ab_sample_percent = models.PositiveSmallIntegerField(
        _("sample (% of the audience)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(SAMPLE_MIN), MaxValueValidator(SAMPLE_MAX)],
        help_text=_("From 10 to 50 %, split in two halves, one per subject."),
    )
    ab_wait_hours = models.PositiveSmallIntegerField(
        _("hours before choosing the winner"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(72)],
    )
    ab_decide_at = models.DateTimeField(_("winner chosen at"), null=True, blank=True)
    ab_winner = models.CharField(_("winning subject"), max_length=1, blank=True)

    class Meta:
        abstract = True

    @property
    def subject_test(self):
        """True when the mailing tests two subjects on a sample."""
        return bool(self.subject_b and self.ab_sample_percent)

    def subject_of(self, variant):
        """The subject a copy of ``variant`` gets ("a", "b", or "" for the rest:
        the winner's, once chosen)."""
        variant = variant or self.ab_winner
        return self.subject_b if variant == "b" and self.subject_b else self.subject
