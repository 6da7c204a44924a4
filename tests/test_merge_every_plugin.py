"""Merging two records of one person moves the rows of every plugin: the
core re-points what each plugin declares (rostra.personal_data)."""

import pytest
from django.utils import timezone
from rostra.people import api as people
from rostra_donations.models import RecurringGift
from rostra_donations.tests.test_caps import paid_gift
from rostra_network.models import SignatureCredit
from rostra_petitions.models import Signature
from rostra_petitions.tests.conftest import petition  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def test_a_merge_moves_gifts_monthly_gifts_signatures_and_keeps_credits(
    national_site,
    other_site,
    petition,  # noqa: F811
):
    gift = paid_gift(national_site, 2_000, timezone.now())
    kept = gift.person
    duplicate, _ = people.find_or_create(email="jeanne.martin@example.net", site=national_site)
    monthly = RecurringGift.objects.create(
        site=national_site, person=duplicate, amount=1000, provider="stripe", state="active"
    )
    second_gift = paid_gift(national_site, 3_000, timezone.now(), email=duplicate.email)
    signature = Signature.objects.create(
        petition=petition,
        person=duplicate,
        email=duplicate.email,
        email_canonical=duplicate.email_canonical,
        first_name="Jeanne",
        state=Signature.State.VALIDATED,
        validated_at=timezone.now(),
    )
    credit = SignatureCredit.objects.create(
        site=other_site,
        petition_id=petition.pk,
        signature_id=signature.pk,
        confirmed_at=timezone.now(),
    )

    people.merge(kept, duplicate)

    assert set(kept.donations.values_list("pk", flat=True)) == {gift.pk, second_gift.pk}
    assert kept.recurring_gifts.get() == monthly
    signature.refresh_from_db()
    assert signature.person == kept
    # The credit names the signature, which now leads to the person kept.
    credit.refresh_from_db()
    assert Signature.objects.get(pk=credit.signature_id).person == kept
    for model in (Signature, RecurringGift):
        assert not model.objects.filter(person=duplicate).exists()
    assert not duplicate.donations.exists()
