"""Reliability on PostgreSQL: concurrent signings and confirmations, concurrent
aggregators, recount during confirmations."""

import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from rostra_petitions import counting
from rostra_petitions.models import CountDelta, PetitionState, Signature
from rostra_petitions.tests.conftest import form_data, sign_url

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _in_threads(work, items, threads=8):
    chunks = [items[index::threads] for index in range(threads)]
    errors = []

    def run(chunk):
        try:
            for item in chunk:
                work(item)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(chunk,)) for chunk in chunks]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert not errors, errors[:3]


def test_2000_concurrent_signings_then_all_confirmed_count_exactly(petition, settings):
    settings.PETITIONS_POW_MAX_NUMBER = 1
    from rostra_petitions.models import AbuseRule, PetitionLimits

    AbuseRule.objects.create(kind="domain", value="example.org", action="allow")
    limits = PetitionLimits.load()
    limits.ip_per_minute = limits.ip_per_hour = 10**6
    limits.save()
    total = 2000
    # Every fifth signer submits twice (double click): still one signature each.
    items = [(index, 2 if index % 5 == 0 else 1) for index in range(total)]
    statuses = []

    def do_sign(item):
        index, times = item
        client = Client()
        for _ in range(times):
            response = client.post(
                sign_url(petition),
                form_data(email=f"s{index}@example.org", postcode="33000"),
                REMOTE_ADDR=f"10.0.{index // 250}.{index % 250}",
            )
            statuses.append(response.status_code)

    _in_threads(do_sign, items)
    assert set(statuses) == {302}
    assert Signature.objects.filter(petition=petition).count() == total

    tokens = list(Signature.objects.values_list("pk", "token"))
    folds = []
    stop = threading.Event()

    def aggregator():
        while not stop.is_set():
            folds.append(counting.fold())
        connection.close()

    running = [threading.Thread(target=aggregator) for _ in range(2)]
    for thread in running:
        thread.start()

    from rostra_petitions import signing

    def do_confirm(item):
        signature = Signature.objects.get(pk=item[0])
        signing.confirm(petition, signature, None)

    _in_threads(do_confirm, tokens + tokens[:300])  # 300 confirmed twice, concurrently
    stop.set()
    for thread in running:
        thread.join()
    counting.fold()
    state = PetitionState.objects.get(petition=petition)
    confirmed = Signature.objects.filter(petition=petition, state="validated").count()
    assert confirmed == total
    assert state.online_count == confirmed
    assert not CountDelta.objects.exists()
    assert counting.recount() == []


def test_two_aggregators_at_once_never_double_count(petition):
    # These deltas have no signatures behind them: keep the hourly recount, which
    # the first fold would start, from repairing them away.
    cache.set(counting._RECOUNT_KEY, 1, 3600)
    CountDelta.objects.bulk_create(
        CountDelta(petition_id=petition.pk, amount=1, departement_code="75", country="FR")
        for _ in range(30_000)
    )
    barrier = threading.Barrier(4)

    def aggregator(lock):
        barrier.wait()
        counting.fold(lock=lock)
        connection.close()

    # Two with the advisory lock and two without it: DELETE … RETURNING alone
    # already hands each delta to one transaction.
    threads = [
        threading.Thread(target=aggregator, args=(lock,)) for lock in (True, True, False, False)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counting.fold()
    assert PetitionState.objects.get(petition=petition).online_count == 30_000


def test_recount_during_confirmations_never_double_counts(petition):
    signatures = Signature.objects.bulk_create(
        Signature(
            petition=petition,
            first_name="A",
            last_name=str(index),
            email=f"r{index}@example.org",
            email_canonical=f"r{index}@example.org",
            postcode="75011",
        )
        for index in range(400)
    )
    from rostra_petitions import signing

    def confirm(signature):
        signing.confirm(petition, signature, None)

    stop = threading.Event()

    def recounter():
        while not stop.is_set():
            counting.recount([petition.pk])
            counting.fold()
        connection.close()

    thread = threading.Thread(target=recounter)
    thread.start()
    _in_threads(confirm, signatures, threads=4)
    stop.set()
    thread.join()
    counting.fold()
    assert PetitionState.objects.get(petition=petition).online_count == 400
