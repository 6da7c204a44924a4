"""The two periods every figure compares: the last seven days (today
included) and the seven before, in the site's time zone, day by day."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

DAYS = 7


@dataclass(frozen=True)
class Fortnight:
    """The fourteen local days ending today, oldest first."""

    today: datetime.date

    @classmethod
    def ending_today(cls):
        return cls(timezone.localdate())

    @property
    def days(self):
        first = self.today - datetime.timedelta(days=2 * DAYS - 1)
        return [first + datetime.timedelta(days=n) for n in range(2 * DAYS)]

    @property
    def start(self):
        """The first instant counted (midnight, local time, thirteen days ago)."""
        return timezone.make_aware(datetime.datetime.combine(self.days[0], datetime.time.min))

    @property
    def this_week_start(self):
        return self.days[DAYS]

    def index_of(self, moment):
        """The position of an instant's local day, or None outside the fortnight."""
        day = timezone.localdate(moment)
        index = (day - self.days[0]).days
        return index if 0 <= index < 2 * DAYS else None

    def per_day(self, queryset, field, *, total=None):
        """Rows (or the sum of ``total``) per local day of ``field``, fourteen numbers."""
        counted = Sum(total) if total else Count("pk")
        rows = (
            queryset.filter(**{f"{field}__gte": self.start})
            .annotate(day=TruncDate(field))
            .values("day")
            .annotate(n=counted)
            .values_list("day", "n")
        )
        found = dict(rows)
        return [found.get(day) or 0 for day in self.days]

    def per_week(self, keyed_moments):
        """``(key, instant)`` pairs → ``{key: (last 7 days, the 7 before)}``."""
        counts = {}
        for key, moment in keyed_moments:
            day = self.index_of(moment)
            if day is None:
                continue
            this_week, last_week = counts.get(key, (0, 0))
            counts[key] = (this_week + 1, last_week) if day >= DAYS else (this_week, last_week + 1)
        return counts
