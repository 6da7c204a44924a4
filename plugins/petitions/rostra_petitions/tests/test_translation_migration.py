"""Migration 0008: an installation that stored signatures against a petition's
translation (before translations counted as one petition) keeps its count on
upgrade. The rows are made in the old shape (signatures, deltas, counters and
territory counts on the translation page) and the migration's function is run
on them."""

import datetime
import importlib
from collections import Counter

import pytest
from django.apps import apps
from django.utils import timezone
from rostra.people.models import Person

from rostra_petitions import counting
from rostra_petitions.models import PetitionState, Signature, TerritoryCount
from rostra_petitions.personal_data import SignatureRecords

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "rostra_petitions.migrations.0008_translation_signatures_to_original"
)
T0 = timezone.now() - datetime.timedelta(days=30)


def _signed(page, email, *, day, confirmed_day=None, source="online", **details):
    """A signature as the old code stored it: on the page signed, its +1 delta
    on that page too (counting.record uses the signature's own page)."""
    validated = confirmed_day is not None
    fields = {"departement_code": "69", "constituency": "69-03", "country": "FR", **details}
    signature = Signature.objects.create(
        petition=page,
        first_name=email.split("@")[0].title(),
        last_name="Test",
        email=email,
        email_canonical=email,
        source=source,
        state=Signature.State.VALIDATED if validated else Signature.State.PENDING,
        created_at=T0 + datetime.timedelta(days=day),
        validated_at=T0 + datetime.timedelta(days=confirmed_day) if validated else None,
        **fields,
    )
    if validated:
        counting.record(signature, +1)
    return signature


def _territory_truth(petition_id):
    truth = Counter()
    for row in Signature.objects.filter(petition_id=petition_id, state="validated").values():
        for kind, column in migration.KINDS:
            if row[column]:
                truth[(kind, row[column])] += 1
    return truth


def test_translation_signatures_move_to_the_original_and_the_count_holds(petition, petition_en):
    # Signed and counted (folded) on both pages, as before the upgrade.
    camille_fr = _signed(petition, "camille@example.org", day=2, confirmed_day=3)
    _signed(petition, "dominique@example.org", day=2, confirmed_day=2)
    eve_fr = _signed(petition, "eve@example.org", day=5)  # never confirmed
    camille_en = _signed(
        petition_en, "camille@example.org", day=1, confirmed_day=1, phone="+33611223344"
    )
    _signed(
        petition_en,
        "alex@example.org",
        day=1,
        confirmed_day=2,
        departement_code="",
        constituency="",
        country="GB",
    )
    eve_en = _signed(petition_en, "eve@example.org", day=4)
    _signed(
        petition_en,
        "",
        day=1,
        confirmed_day=1,
        source="paper",
        departement_code="13",
        constituency="13-01",
    )
    counting.fold()
    # One more confirmed on the translation, its delta not folded yet.
    frank_en = _signed(petition_en, "frank@example.org", day=6, confirmed_day=6)
    before = (
        counting.public_count(petition)["total"]
        + PetitionState.objects.get(petition=petition_en).total
    )
    assert before == 5  # folded: camille once per page; frank not folded yet
    person = Person.objects.create(
        email="camille@example.org", email_canonical="camille@example.org"
    )
    Signature.objects.filter(pk=camille_en.pk).update(person=person)

    migration.merge_translation_signatures(apps)
    counting.fold()

    # Everything is on the original page now.
    assert not Signature.objects.filter(petition=petition_en).exists()
    # Camille signed both pages: the earliest confirmed (the English one) counts;
    # the French one is kept, merged into it, with its own details.
    camille_en.refresh_from_db()
    camille_fr.refresh_from_db()
    assert camille_en.state == "validated" and camille_en.petition_id == petition.pk
    assert camille_fr.state == "merged" and camille_fr.merged_into_id == camille_en.pk
    assert camille_fr.email == "camille@example.org" and camille_fr.validated_at
    # Neither confirmed: the earliest signed is kept, still pending.
    eve_en.refresh_from_db()
    eve_fr.refresh_from_db()
    assert (eve_en.state, eve_fr.state) == ("pending", "merged")
    assert eve_fr.merged_into_id == eve_en.pk
    # The one-signature-per-address rule holds on the original page.
    keys = Signature.objects.filter(petition=petition).exclude(email_canonical="")
    assert len(keys) == len(set(keys.values_list("email_canonical", flat=True)))
    assert Signature.objects.get(pk=frank_en.pk).petition_id == petition.pk

    # The counters equal the confirmed signatures: camille, dominique, alex, frank
    # online, one on paper; each territory the same.
    state = PetitionState.objects.get(petition=petition)
    assert (state.online_count, state.paper_count) == (4, 1)
    assert counting.public_count(petition)["total"] == 5
    assert counting.public_count(petition_en)["total"] == 5
    counted = {
        (row.kind, row.code): row.count
        for row in TerritoryCount.objects.filter(petition=petition)
        if row.count
    }
    assert counted == _territory_truth(petition.pk)
    assert counted[("departement", "69")] == 3 and counted[("country", "GB")] == 1
    assert not TerritoryCount.objects.filter(petition=petition_en).exists()
    assert counting.recount() == []

    # The merged signature is still the person's, for their data export and erasure.
    rows = SignatureRecords().rows(person)
    assert set(rows.values_list("pk", flat=True)) == {camille_en.pk, camille_fr.pk}


def test_running_it_again_changes_nothing(petition, petition_en):
    _signed(petition, "camille@example.org", day=2, confirmed_day=3)
    _signed(petition_en, "camille@example.org", day=1, confirmed_day=1)
    counting.fold()
    migration.merge_translation_signatures(apps)
    migration.merge_translation_signatures(apps)
    counting.fold()
    assert counting.public_count(petition)["total"] == 1
    assert counting.recount() == []


def test_a_petition_without_translations_is_left_alone(petition):
    _signed(petition, "camille@example.org", day=2, confirmed_day=3)
    counting.fold()
    migration.merge_translation_signatures(apps)
    assert Signature.objects.get().state == "validated"
    assert counting.public_count(petition)["total"] == 1
