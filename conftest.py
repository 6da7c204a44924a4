"""Fixtures shared by every test of the core and the plugins."""

import io

import pytest
from wagtail.models import Collection, Locale, Page, Site


def _root_page():
    """Wagtail's root page and root collection, made again after a transactional
    test flushed the tables (migrations create them only once)."""
    from django.conf import settings

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    if root is None:
        from django.contrib.contenttypes.models import ContentType
        from django.core.management.sql import emit_post_migrate_signal

        # The flush took content types and permissions too: make them again now,
        # outside any request, so no thread caches an id from a rolled-back row.
        ContentType.objects.clear_cache()
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.get_default()))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return root


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` (triggers, row and advisory locks, COPY, worker
    processes sharing the test database) are skipped on SQLite; tests marked
    ``own_database`` (a Rostra of their own, in a subprocess, on a SQLite file of
    their own) run in the SQLite run only, since the suite's database plays no
    part in them (CI runs both suites)."""
    from django.db import connection

    _refuse_flushing_tests(items)
    # The tests of the demo run last, all on the one load of ``loaded_demo``.
    items.sort(key=lambda item: "loaded_demo" in getattr(item, "fixturenames", ()))
    if connection.vendor == "postgresql":
        once = pytest.mark.skip(reason="its own Rostra on SQLite: the SQLite run covers it")
        for item in items:
            if item.get_closest_marker("own_database"):
                item.add_marker(once)
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL: run with DATABASE_URL=postgres://… (make test-postgres)"
    )
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


def _refuse_flushing_tests(items):
    """A transactional test without ``serialized_rollback`` ends with a plain
    flush, which recreates content types under new ids; the next serialized test
    then restores the old rows on top of them and fails on PostgreSQL only. Say so
    at collection, where the cause is, rather than in an unrelated later test."""
    bare = []
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            bare.append(item.nodeid)
    if bare:
        raise pytest.UsageError(
            "django_db(transaction=True) needs serialized_rollback=True here "
            "(see conftest._refuse_flushing_tests): " + ", ".join(bare)
        )


def make_site(hostname, title, *, default=False, port=80, slug=None):
    from rostra.pages.models import HomePage

    root = _root_page()
    home = root.add_child(
        instance=HomePage(
            title=title, slug=slug or hostname.split(".")[0], locale=Locale.get_default()
        )
    )
    site = Site.objects.filter(is_default_site=True).first() if default else None
    if site is None:
        site = Site(is_default_site=default)
    site.hostname, site.port, site.root_page, site.site_name = hostname, port, home, title
    site.save()
    return site


@pytest.fixture
def national_site(db):
    """The party's national site, default for any host (like the demo)."""
    return make_site("localhost", "Élan commun", default=True, slug="accueil")


@pytest.fixture
def other_site(db, national_site):
    """A second site of the network, on its own host name."""
    return make_site("lyon.localhost", "Lyon")


@pytest.fixture
def english(db):
    return Locale.objects.get_or_create(language_code="en")[0]


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rolled-back test data must not survive in the cache (same ids come back)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def redis_cache(settings):
    """Production's cache (django-redis) on the Redis server of
    ROSTRA_TEST_REDIS_URL, under a key prefix of its own; skipped without it."""
    import os
    import secrets

    from django.core.cache import caches

    url = os.environ.get("ROSTRA_TEST_REDIS_URL", "")
    if not url:
        pytest.skip("set ROSTRA_TEST_REDIS_URL to a Redis database")
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "rostra-test-" + secrets.token_hex(4),
        }
    }
    backend = caches["default"]
    backend.clear = None  # never FLUSHDB a shared server
    return backend


@pytest.fixture(scope="session")
def loaded_demo(django_db_setup, django_db_blocker):
    """The demo as `make run` loads it (donations in test mode), loaded once for
    the whole run: it took 15 to 25 s a load and eleven tests loaded it. The
    tests using it run last (``pytest_collection_modifyitems``) inside one
    transaction, rolled back at the end; what each test changes is rolled back
    after it as usual. The value is what ``load_demo`` printed."""
    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    printed = io.StringIO()
    with (
        override_settings(DONATIONS_TEST_MODE=True),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        _as_migrated()
        call_command("load_demo", stdout=printed)
        yield printed.getvalue()
        transaction.set_rollback(True)


def _as_migrated():
    """The rows the migrations made (root page and collection, locales, groups,
    reference tables), as a fresh database has them: a transactional test run
    before the demo's tests leaves every table empty (restoring them is left to
    the next transactional test's ``serialized_rollback``)."""
    from django.db import connection

    if Page.get_first_root_node() is not None:
        return
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        connection.creation.deserialize_db_from_string(contents)
    else:
        _root_page()
