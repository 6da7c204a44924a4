"""The people list: search words and filters to a queryset, and its pages.

The admin's list view and the bench call the same functions, so the figures in
docs/PERFORMANCE.md are those of the queries the view runs. Every search is a
prefix search an index answers on PostgreSQL (names, canonical email, phone in
E.164); counts stop at COUNT_CAP ("about N" past a thousand) so a broad filter on a million
people stays fast.

For a user who sees contact fields masked (rostra.people.masking), a search
matches an email address or a phone number only where that user would see it:
otherwise guessing a number digit by digit, or a full address, and watching
who comes up would read the masked field without the logged reveal. Callers
say which with ``masked`` (the views: ``masking.applies(request.user)``).
"""

import datetime
import json
import re

from django.core.paginator import Page
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.utils.functional import cached_property
from wagtail.admin.paginator import WagtailPaginator

from rostra.people import masking, phones
from rostra.people.canonical import canonical_email
from rostra.people.models import ConsentState, Person, PersonEmail, SavedSegment, TaggedPerson

PAGE_SIZE = 50
COUNT_CAP = 1000
_PHONE_CHARACTERS = re.compile(r"[\s.\-()/]")


def base_queryset():
    return Person.objects.filter(merged_into__isnull=True)


def shown(field, masked):
    """A condition true for the people whose ``field`` the user sees: everyone,
    or, when contact fields are masked, those who consented on its channel."""
    if not masked:
        return Q()
    channels = masking.FIELD_CHANNELS[field]
    return Q(
        Exists(
            ConsentState.objects.filter(person=OuterRef("pk"), channel__in=channels, granted=True)
        )
    )


def search(queryset, term, *, masked):
    """People matching ``term``: a name, an email address (or its beginning), a
    phone number (or its beginning). ``masked``: the user sees contact fields
    masked, so those match only where they are shown."""
    term = " ".join((term or "").split())
    if not term:
        return queryset
    email_shown = shown("email", masked)
    if "@" in term:
        key = canonical_email(term)
        if key and "." in key.rpartition("@")[2]:
            others = PersonEmail.objects.filter(email_canonical=key).values_list("person_id")
            return queryset.filter((Q(email_canonical=key) | Q(pk__in=list(others))) & email_shown)
        return queryset.filter(Q(email_canonical__startswith=term.lower()) & email_shown)
    compact = _PHONE_CHARACTERS.sub("", term)
    if compact.lstrip("+").isdigit() and len(compact) >= 4:
        phone_shown, mobile_shown = shown("phone", masked), shown("mobile_phone", masked)
        try:
            number = phones.normalise(term)
        except phones.InvalidPhone:
            # A beginning: 06 12 → +33612…
            number = "+33" + compact[1:] if compact.startswith("0") else compact
            return queryset.filter(
                (Q(phone__startswith=number) & phone_shown)
                | (Q(mobile_phone__startswith=number) & mobile_shown)
            )
        return queryset.filter(
            (Q(phone=number) & phone_shown) | (Q(mobile_phone=number) & mobile_shown)
        )
    words = term.split(" ")
    if len(words) == 1:
        return queryset.filter(
            Q(last_name__istartswith=term)
            | Q(first_name__istartswith=term)
            | (Q(email_canonical__startswith=term.lower()) & email_shown)
        )
    first, rest = words[0], " ".join(words[1:])
    last_first = " ".join(words[:-1]), words[-1]
    return queryset.filter(
        Q(first_name__istartswith=first, last_name__istartswith=rest)
        | Q(last_name__istartswith=last_first[0], first_name__istartswith=last_first[1])
        | Q(last_name__istartswith=term)
    )


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def apply_filters(queryset, params, *, masked, segments=None):
    """Filters by name: segment, tag, departement, region, constituency, commune,
    consent ("purpose:channel"), source, created_after, created_before, status.
    ``masked`` as for search; ``segments``: the saved segments the user may
    use (rostra.scoping narrows them), all by default."""
    if str(params.get("segment", "")).isdigit():
        segments = SavedSegment.objects.all() if segments is None else segments
        segment = segments.filter(pk=params["segment"]).first()
        if segment:
            from django.http import QueryDict

            saved = QueryDict(segment.query)
            queryset = apply_filters(queryset, saved, masked=masked, segments=segments)
            queryset = search(queryset, saved.get("q", ""), masked=masked)
    status = params.get("status", "")
    if status == "erased":
        queryset = queryset.filter(erased_at__isnull=False)
    elif status != "all":
        queryset = queryset.filter(erased_at__isnull=True)
    for tag in params.getlist("tag") if hasattr(params, "getlist") else [params.get("tag")]:
        if tag:
            queryset = queryset.filter(
                Exists(TaggedPerson.objects.filter(content_object_id=OuterRef("pk"), tag__name=tag))
            )
    for name, field in (
        ("departement", "departement_code"),
        ("region", "region_code"),
        ("constituency", "constituency"),
        ("commune", "commune_code"),
        ("source", "source_kind"),
    ):
        if params.get(name):
            queryset = queryset.filter(**{field: params[name]})
    consent = params.get("consent", "")
    if consent:
        purpose, _sep, channel = consent.partition(":")
        queryset = queryset.filter(
            Exists(
                ConsentState.objects.filter(
                    person=OuterRef("pk"),
                    purpose=purpose,
                    channel=channel or "email",
                    granted=True,
                )
            )
        )
    if _date(params.get("created_after")):
        queryset = queryset.filter(created_at__date__gte=_date(params["created_after"]))
    if _date(params.get("created_before")):
        queryset = queryset.filter(created_at__date__lte=_date(params["created_before"]))
    return queryset


def queryset(params, base=None, *, masked=False):
    """The list as national staff (or the command line) see it, unless ``masked``."""
    base = base_queryset() if base is None else base
    filtered = apply_filters(base, params, masked=masked)
    return search(filtered, params.get("q", ""), masked=masked).order_by("-pk")


class CappedPaginator(WagtailPaginator):
    """Counts exactly up to COUNT_CAP; beyond, PostgreSQL's estimate ("about
    N"): counting a million rows exactly on every page view is what makes
    lists slow. Exports and segments give exact sets."""

    @cached_property
    def exact_count(self):
        # No ORDER BY in the count: the planner may use any index and stop at the cap.
        return self.object_list.order_by()[: COUNT_CAP + 1].count()

    @property
    def capped(self):
        return self.exact_count > COUNT_CAP

    @cached_property
    def count(self):
        if not self.capped:
            return self.exact_count
        return max(estimate(self.object_list), COUNT_CAP + 1)

    @cached_property
    def items_count_label(self):
        if self.capped:
            return f"≈ {self.count:,} {self.verbose_name_plural}"
        return super().items_count_label


def estimate(queryset):
    """The planner's row estimate of a queryset (PostgreSQL), or an exact count."""
    if connection.vendor != "postgresql":
        return queryset.count()
    sql, params = queryset.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def page(params, base=None, *, masked=False) -> Page:
    paginator = CappedPaginator(queryset(params, base, masked=masked), PAGE_SIZE)
    return paginator.get_page(params.get("p") or params.get("page") or 1)
