"""A property (Hypothesis): over random people, consent histories, segments
and scopes, no copy is ever queued — or sent — for someone without current
consent for the mailing's purpose by email, or outside the sender's scope; and
everyone who qualifies gets one."""

from django.core import mail
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rostra.people import api
from rostra.people.models import Person, SavedSegment
from wagtail import hooks

from rostra_mailings import sending
from rostra_mailings.models import Mailing, Recipient, Undeliverable

PROPERTY = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))

change = st.tuples(
    st.sampled_from(["newsletter", "petition_updates"]),
    st.sampled_from(["email", "sms"]),
    st.booleans(),
)
person = st.fixed_dictionaries(
    {
        "departement": st.sampled_from(["69", "59", "75"]),
        "history": st.lists(change, max_size=5),
        "do_not_email": st.booleans(),
        "bounced": st.booleans(),
        "tag": st.booleans(),
    }
)
POSTCODES = {"69": "69001", "59": "59000", "75": "75001"}


def only_the_rhone(user, queryset):
    """A candidate's territory, as the network plugin's hook narrows it."""
    return queryset if user.is_superuser else queryset.filter(departement_code="69")


@PROPERTY
@given(
    crowd=st.lists(person, min_size=1, max_size=8),
    purpose=st.sampled_from(["newsletter", "petition_updates"]),
    with_segment=st.booleans(),
    national=st.booleans(),
)
def test_no_copy_without_consent_or_outside_the_scope(
    mailing, sender, admin_user, crowd, purpose, with_segment, national
):
    user = admin_user if national else sender
    with (
        transaction.atomic(),
        hooks.register_temporarily("people_queryset_for_user", only_the_rhone),
    ):
        mail.outbox = []
        expected = set()
        for index, details in enumerate(crowd):
            someone, _ = api.find_or_create(
                email=f"p{index}@example.org",
                postcode=POSTCODES[details["departement"]],
            )
            if details["do_not_email"]:
                Person.objects.filter(pk=someone.pk).update(do_not_email=True)
            if details["tag"]:
                someone.tags.add("volunteer")
            state = {}
            for code, channel, granted in details["history"]:
                api.record_consent(someone, purpose=code, channel=channel, granted=granted)
                state[(code, channel)] = granted
            if details["bounced"]:
                Undeliverable.objects.create(
                    person=someone, email_canonical=someone.email_canonical, reason="bounce"
                )
            if (
                state.get((purpose, "email"))
                and not details["do_not_email"]
                and not details["bounced"]
                and (national or details["departement"] == "69")
                and (details["tag"] or not with_segment)
            ):
                expected.add(someone.pk)
        copy = Mailing.objects.create(
            site=mailing.site,
            subject="News",
            purpose=purpose,
            body=mailing.body,
            segment=SavedSegment.objects.create(name="Tagged", query="tag=volunteer")
            if with_segment
            else None,
        )
        sending.start(copy, user, enqueue=False)
        queued = set(Recipient.objects.filter(mailing=copy).values_list("person_id", flat=True))
        assert queued == expected
        while not sending.send_batch(copy.pk, size=3).stopped:
            pass
        sent = {m.to[0] for m in mail.outbox}
        assert sent == set(Person.objects.filter(pk__in=expected).values_list("email", flat=True))
        transaction.set_rollback(True)
