"""A whole-site purge run again (its worker died and the task came back to the
queue) asks for the same addresses again, which is harmless: a purge of what
is no longer cached answers "not cached"."""

import pytest

from rostra.cache_purge import tasks

pytestmark = pytest.mark.django_db


def test_a_whole_site_purge_run_again_purges_the_same_addresses(purge_server, national_site):
    purge_server.cached = {"localhost/"}
    first = tasks.purge_sites.call(site_ids=[national_site.pk])
    asked_first = sorted(purge_server.requests)
    purge_server.clear()

    again = tasks.purge_sites.call(site_ids=[national_site.pk])

    assert sorted(purge_server.requests) == asked_first
    assert (first["purged"], first["failed"]) == (1, 0)
    assert again["failed"] == 0
