"""A candidate site is credited only with confirmed, honest signatures of
national petitions signed through its link: not a signature held as
fraudulent, not one never confirmed, and not one invalidated or deleted
afterwards; the network report counts only those."""

import datetime

import pytest
from django.utils import timezone

from rostra_network import reports
from rostra_network.models import SignatureCredit

petitions = pytest.importorskip("rostra_petitions.tests.conftest")


@pytest.fixture(autouse=True)
def _fast_pow(settings):
    settings.PETITIONS_POW_MAX_NUMBER = 40


@pytest.fixture
def petition(national_site):
    return petitions.petition.__wrapped__(national_site)


def sign_via(client, petition, email, via="lyon"):
    response = client.post(
        petitions.sign_url(petition),
        petitions.form_data(via=via, email=email, postcode="35000"),
        REMOTE_ADDR="192.0.2.10",
        HTTP_HOST="localhost",
    )
    assert response.status_code == 302
    return petition.signatures.get(email=email)


def confirm(client, email):
    url, _id, _token = petitions.confirm_link(petitions.last_mail_to(email))
    client.post(url, HTTP_HOST="localhost")


def credited(candidate):
    row = next(r for r in reports.per_site() if r["candidate"].pk == candidate.pk)
    return row["credited"]


def test_only_a_confirmed_signature_is_counted(candidate_a, petition, client):
    sign_via(client, petition, "camille@example.org")
    assert credited(candidate_a) == 0  # anyone can type an address
    confirm(client, "camille@example.org")
    assert credited(candidate_a) == 1
    assert SignatureCredit.objects.get().confirmed_at is not None


def test_a_signature_held_as_fraudulent_is_never_credited(candidate_a, petition, client):
    from rostra_petitions.models import AbuseRule, Signature

    AbuseRule.objects.create(kind="domain", value="spam.example", action="block")
    signature = sign_via(client, petition, "troll@spam.example")
    assert signature.state == Signature.State.FRAUDULENT
    confirm(client, "troll@spam.example")  # "confirms" like any other, silently
    assert not SignatureCredit.objects.exists()
    assert credited(candidate_a) == 0


def test_an_invalidated_signature_is_no_longer_credited(candidate_a, petition, client):
    from rostra_petitions import invalidation
    from rostra_petitions.models import Invalidation

    sign_via(client, petition, "camille@example.org")
    sign_via(client, petition, "dominique@example.org")
    confirm(client, "camille@example.org")
    confirm(client, "dominique@example.org")
    assert credited(candidate_a) == 2
    record = Invalidation.objects.create(criteria={"email": "camille@example.org"}, summary="t")
    invalidation.run(record.pk)
    assert credited(candidate_a) == 1
    assert not SignatureCredit.objects.filter(signature_id__in=record.signatures.values("pk"))


def test_purged_and_archived_unconfirmed_signatures_leave_no_credit(candidate_a, petition, client):
    from rostra_petitions import retention

    old = sign_via(client, petition, "ancien@example.org")
    type(old).objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )
    sign_via(client, petition, "recent@example.org")
    assert SignatureCredit.objects.count() == 2
    assert retention.purge_unconfirmed()["signatures"] == 1
    assert list(SignatureCredit.objects.values_list("signature_id", flat=True)) == [
        petition.signatures.get().pk
    ]
    retention.archive(petition)
    assert not SignatureCredit.objects.exists()


def test_a_deleted_petition_counts_no_more(candidate_a, petition, client):
    sign_via(client, petition, "camille@example.org")
    confirm(client, "camille@example.org")
    assert credited(candidate_a) == 1
    petition.delete()
    assert credited(candidate_a) == 0


def test_credits_written_before_are_settled_by_the_migration(candidate_a, petition, client):
    import importlib

    from django.apps import apps
    from rostra_petitions.models import Signature

    migration = importlib.import_module("rostra_network.migrations.0003_signaturecredit_confirmed")
    rows = {}
    for state in ("validated", "pending", "fraudulent", "invalidated"):
        signature = Signature.objects.create(
            petition=petition,
            first_name="A",
            last_name=state,
            email=f"{state}@example.org",
            email_canonical=f"{state}@example.org",
            state=state,
            validated_at=timezone.now() if state == "validated" else None,
        )
        rows[state] = signature.pk
    rows["deleted"] = max(rows.values()) + 100
    for pk in rows.values():
        SignatureCredit.objects.create(
            site=candidate_a.site, petition_id=petition.pk, signature_id=pk
        )
    migration.settle_existing_credits(apps, None)
    left = dict(SignatureCredit.objects.values_list("signature_id", "confirmed_at"))
    assert set(left) == {rows["validated"], rows["pending"]}
    assert left[rows["validated"]] == Signature.objects.get(pk=rows["validated"]).validated_at
    assert left[rows["pending"]] is None
    assert credited(candidate_a) == 1
