"""Fixtures for every browser test, the core's and each plugin's (see README.md).

- ``live_site``: the demo served as `make run` serves it, on a fresh SQLite file;
  this process shares its database, cache and media folder (read the outbox,
  query or change models directly; no ``db`` fixture).
- ``browser``: Debian's chromium (/usr/bin/chromium) driven by Playwright.
- ``new_context`` / ``context`` / ``page``: contexts whose requests are all
  recorded (``requests_log``); requests to other hosts are aborted.
- ``axe``: runs axe-core from the local file and fails on serious or critical
  violations.
- ``admin_context`` / ``admin_page``: logged into the Wagtail admin as the demo's
  administrator (admin / rostra-demo).
"""

import os
from pathlib import Path

import pytest

from tests.e2e import axe as axe_module
from tests.e2e import screenshots
from tests.e2e.admin import log_in
from tests.e2e.live_site import LiveSite
from tests.e2e.requests_log import RequestsLog

# Never let Playwright fetch a browser of its own: it drives Debian's chromium.
os.environ["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1"
# Playwright's sync API keeps an event loop in this thread; the ORM calls the
# tests make are still plain synchronous calls, so Django may allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # Lets the page fixtures know whether the test failed (for a screenshot).
    setattr(item, f"rep_{report.when}", report)
    return report


# -- the site ----------------------------------------------------------------


@pytest.fixture(scope="session")
def live_site(tmp_path_factory, django_db_blocker):
    """The running demo site. ``live_site.url("/path/")``, ``.base_url``,
    ``.host`` (localhost:<port>), ``.port``, ``.url(path, subdomain="lyon")`` for a
    site of the network, ``.outbox()`` (sent emails, a queryset)."""
    site = LiveSite(tmp_path_factory.mktemp("rostra-e2e"))
    site.start()
    override = site.point_django_here()
    try:
        with django_db_blocker.unblock():
            yield site
    finally:
        override.disable()
        site.stop()


@pytest.fixture
def db():
    pytest.fail(
        "Browser tests share the live server's database: use the live_site fixture "
        "(the ORM works once it is set up), not db/transactional_db, whose transaction "
        "or flush would lock or wipe the server's data."
    )


transactional_db = db


# -- the browser ---------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright):
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-browser (make e2e does).")
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
    )
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser, live_site, request):
    """A factory of browser contexts (separate cookies: one per visitor). Each
    records its requests in ``context.requests_log``; pass ``hosts=`` to count
    more hosts as the site's own (a candidate site's ``live_site.host_for(slug)``).
    Pages of failed tests are saved as screenshots in .e2e/artifacts/."""
    contexts = []

    def make(*, hosts=(), viewport=DESKTOP, locale="fr-FR", **options):
        context = browser.new_context(
            base_url=live_site.base_url, viewport=viewport, locale=locale, **options
        )
        context.set_default_timeout(15_000)
        context.requests_log = RequestsLog({live_site.host, *hosts}).attach(context)
        contexts.append(context)
        return context

    yield make
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for number, context in enumerate(contexts):
        if failed:
            screenshots.save(f"{request.node.name}-{number}", context)
        context.close()


@pytest.fixture
def context(new_context):
    """An anonymous visitor's browser context (French, desktop size)."""
    return new_context()


@pytest.fixture
def requests_log(context):
    """Every request of ``context``; ``requests_log.assert_only_own_host()``."""
    return context.requests_log


@pytest.fixture
def page(context):
    return context.new_page()


# -- accessibility ---------------------------------------------------------------


@pytest.fixture
def axe():
    """``axe(page)`` fails on any serious or critical violation (printing rules and
    nodes) and returns every violation found; ``axe(page, context="main")`` checks
    a part of the page only."""
    return axe_module.assert_accessible


# -- site settings ---------------------------------------------------------------


@pytest.fixture
def use_theme(live_site):
    """``use_theme("horizon")`` switches the national site (or ``site=``) to a theme
    until the test ends. Saved through the ORM: the branding cache, shared with
    the server, is cleared by the same signal handler as in the admin."""
    from rostra.sitesettings.models import BrandSettings
    from wagtail.models import Site

    previous = []

    def switch(name, site=None):
        site = site or Site.objects.get(is_default_site=True)
        brand = BrandSettings.for_site(site)
        previous.append((brand, brand.theme))
        brand.theme = name
        brand.save()
        return brand

    yield switch
    for brand, theme in reversed(previous):
        brand.theme = theme
        brand.save()


# -- the Wagtail admin -----------------------------------------------------------


@pytest.fixture(scope="session")
def admin_storage_state(browser, live_site, tmp_path_factory):
    """Logs in once through the admin's login form; contexts reuse the cookies."""
    context = browser.new_context(base_url=live_site.base_url, locale="fr-FR")
    page = context.new_page()
    log_in(page)
    path = tmp_path_factory.mktemp("admin") / "state.json"
    context.storage_state(path=path)
    context.close()
    return path


@pytest.fixture
def admin_context(new_context, admin_storage_state):
    """A browser context logged into the Wagtail admin as the demo's administrator."""
    return new_context(storage_state=admin_storage_state)


@pytest.fixture
def admin_page(admin_context):
    return admin_context.new_page()
