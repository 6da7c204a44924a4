"""`make run` as it starts: scripts/run-demo itself, with its task worker.

Two visitors sign the demo petition one after the other; each confirms from
the email the site sent, read in the admin's outbox; the public count and
count.json go up by two. Nothing here runs a task inline: the emails and the
count depend on the worker run-demo starts serving every queue (the counter
has its own), without waiting for another request. The demo's webhook
subscription delivers the confirmations to the receiver run-demo starts, which
verifies each signature.
"""

import re
import secrets
import time

import pytest
from playwright.sync_api import expect

from tests.e2e.admin import log_in
from tests.e2e.demo_stack import served, visitors

PETITION = "/petitions/petites-lignes/"
# Generous: the machine may be busy. The work itself takes a second or two.
WAIT = 45


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    with served(tmp_path_factory.mktemp("make-run")) as stack:
        yield stack


@pytest.fixture
def visit(browser, demo):
    with visitors(browser, demo) as new:
        yield new


def count_on_page(page):
    return int(re.sub(r"\D", "", page.locator("[data-count]").inner_text()))


def count_json(page):
    url = page.locator("[data-petition-counter]").get_attribute("data-count-url")
    response = page.request.get(url)
    assert response.ok, response.status
    return response.json()["signatures"]


def sign(context, email):
    page = context.new_page()
    page.goto(PETITION)
    page.locator("#id_first_name").fill("Camille")
    page.locator("#id_last_name").fill("Durand")
    page.locator("#id_email").fill(email)
    page.locator("#id_postcode").fill("69003")
    expect(page.locator("[data-pow-status]")).to_contain_text("vous pouvez signer")
    page.get_by_role("button", name="Signer", exact=True).click()
    page.wait_for_url("**/thanks/")
    expect(page.locator("main")).to_contain_text("consultez vos e-mails")
    page.close()  # no page left asking for count.json meanwhile


def confirmation_link(admin, email):
    """The link of the email sent to ``email``, read in Settings > Outbox."""
    deadline = time.monotonic() + WAIT
    while True:
        admin.goto(f"/admin/outbox/?q={email}")
        rows = admin.locator("table.listing tbody tr")
        if rows.count():
            break
        assert time.monotonic() < deadline, f"no email to {email} after {WAIT}s"
        time.sleep(1)
    rows.first.locator("a").first.click()
    body = admin.locator("main").inner_text()
    found = re.search(r"https?://\S+/confirm/\d+/[\w\-]+/", body)
    assert found, body
    return found.group(0)


def test_signing_confirming_and_counting_work_as_make_run_starts_them(demo, visit):
    reader = visit().new_page()
    reader.goto(PETITION)
    before_page, before_json = count_on_page(reader), count_json(reader)
    assert before_page == before_json
    reader.close()
    admin = visit().new_page()
    log_in(admin)

    # One after the other: the second signing comes once the first one's run
    # has started, which the web process must see (the cache they share).
    visitors = [visit() for _ in range(2)]
    emails = [f"make-run.{secrets.token_hex(4)}@example.org" for _ in visitors]
    links = []
    for visitor, email in zip(visitors, emails, strict=True):
        sign(visitor, email)
        links.append(confirmation_link(admin, email))
    for visitor, link in zip(visitors, links, strict=True):
        assert link.startswith(demo.base_url)
        page = visitor.new_page()
        page.goto(link)
        page.get_by_role("button", name="Confirmer ma signature").click()
        expect(page.locator("[data-confirmed]")).to_contain_text("votre signature est confirmée")
        page.close()

    # The counter's fold runs on the worker's "counting" queue.
    reader = visit().new_page()
    deadline = time.monotonic() + WAIT
    while True:
        reader.goto(PETITION)
        if count_on_page(reader) == before_page + 2:
            break
        assert time.monotonic() < deadline, (
            f"count still {count_on_page(reader)}\n{demo.log_tail()}"
        )
        time.sleep(1)
    assert count_json(reader) == before_json + 2
    for visitor in visitors:
        visitor.requests_log.assert_only_own_host()
        visitor.requests_log.assert_all_served()

    # The worker delivers the signed events to the demo's local receiver.
    deadline = time.monotonic() + WAIT
    while demo.webhooks_log_path.read_text().count("signature.confirmed") < 2:
        assert time.monotonic() < deadline, demo.webhooks_log_path.read_text()[-2000:]
        time.sleep(1)
    assert "refused" not in demo.webhooks_log_path.read_text()
