"""A visitor signs the demo petition, confirms from the email the site sent, and
sees the counter move; every page passes axe and no request leaves the site."""

import re
import secrets

from playwright.sync_api import expect


def _count(page):
    return int(re.sub(r"\D", "", page.locator("[data-count]").inner_text()))


def test_sign_confirm_from_the_email_and_see_the_counter_move(live_site, page, requests_log, axe):
    from rostra_petitions.models import PetitionPage, Signature

    petition = PetitionPage.objects.live().get(slug="petites-lignes")
    email = f"e2e.{secrets.token_hex(4)}@example.org"

    page.goto(petition.url)
    before = _count(page)
    axe(page)
    page.locator("#id_first_name").fill("Camille")
    page.locator("#id_last_name").fill("Durand")
    page.locator("#id_email").fill(email)
    page.locator("#id_postcode").fill("69003")
    page.locator("#id_updates").check()
    # The proof of work is solved in a worker, from the site's own script.
    expect(page.locator("[data-pow-status]")).to_contain_text("vous pouvez signer")
    page.get_by_role("button", name="Signer", exact=True).click()

    page.wait_for_url("**/thanks/")
    expect(page.locator("main")).to_contain_text("consultez vos e-mails")
    axe(page)
    signature = Signature.objects.get(email=email)
    assert signature.state == Signature.State.PENDING

    message = live_site.outbox().filter(to__contains=email).order_by("-created_at").first()
    assert message is not None, "no confirmation email in the outbox"
    link = re.search(r"https?://\S+/confirm/\d+/[\w\-]+/", message.body).group(0)
    assert link.startswith(live_site.base_url)

    # Opening the link (as a mail scanner would) confirms nothing.
    page.goto(link)
    axe(page)
    signature.refresh_from_db()
    assert signature.state == Signature.State.PENDING
    page.get_by_role("button", name="Confirmer ma signature").click()
    expect(page.locator("[data-confirmed]")).to_contain_text("votre signature est confirmée")
    axe(page)
    signature.refresh_from_db()
    assert signature.state == Signature.State.VALIDATED

    # Back on the petition: the counter shows one more (the page, or its live poll
    # of count.json a few seconds later).
    page.goto(petition.url)
    expect(page.locator("[data-count]")).to_have_text(
        re.compile(r"^\D*" + r"\D?".join(str(before + 1)) + r"\D*$"), timeout=15_000
    )
    assert _count(page) == before + 1
    requests_log.assert_only_own_host()
