"""Who a mailing goes to: the saved segment, ∩ the people who currently
consent to the mailing's purpose by email, ∩ the people the sender may see
(rostra.scoping: a candidate's team sees its territory only), − the addresses
that bounced or complained.

The territory comes from the user, never from the mailing's fields or the
request: no URL or parameter can widen it."""

from django.db.models import Exists, OuterRef
from rostra import scoping
from rostra.people import api, listing
from rostra.people.permissions import scoped_people, scoped_segments
from wagtail.models import Site

from rostra_mailings.models import Undeliverable


def sites_for(user):
    """The sites whose mailings the user may see and write."""
    ids = scoping.site_ids_for(user)
    sites = Site.objects.all()
    return sites if ids is None else sites.filter(pk__in=ids)


def people(mailing, user):
    """The audience's people (a queryset), as ``user`` may send it."""
    if user is None or not user.is_active:
        return api.contactable(mailing.purpose, "email").none()
    queryset = scoped_people(user)
    if mailing.segment_id:
        segments = scoped_segments(user)
        if not segments.filter(pk=mailing.segment_id).exists():
            # A segment the user may not use: nobody, never everybody.
            return queryset.none()
        queryset = listing.apply_filters(
            queryset, {"segment": str(mailing.segment_id)}, masked=False, segments=segments
        )
    queryset = api.contactable(mailing.purpose, "email", queryset).exclude(email="")
    bounced = Undeliverable.objects.filter(
        person=OuterRef("pk"), email_canonical=OuterRef("email_canonical")
    )
    return queryset.exclude(Exists(bounced))


def count(mailing, user):
    """The exact number of people the mailing would go to now."""
    return people(mailing, user).count()
