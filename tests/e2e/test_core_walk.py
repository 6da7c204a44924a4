"""The first hour, per role: the webmaster, a donor and a candidate walk the
demo and take the screenshots README.md lists, each checked for axe-core, no
sideways scroll at 390 px and no text of the other language (tests/e2e/walk.py)."""

import re
import secrets

from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.admin import log_in
from tests.e2e.gifts import fill_gift_form, pay
from tests.e2e.walk import Walk, readme_list


def give(page, email):
    """The donation page, filled in (a gift of 50 € through the demo's test mode)."""
    page.goto("/faire-un-don/")
    fill_gift_form(page, email)


def test_the_donor_gives_and_gets_the_confirmation(live_site, page, requests_log):
    walk = Walk("donor")
    give(page, f"donor.{secrets.token_hex(4)}@example.org")
    walk.shoot(page, "give")
    pay(page)
    expect(page.locator("main")).to_contain_text("est confirmé")
    walk.shoot(page, "receipt")
    requests_log.assert_only_own_host()
    walk.assert_clean(readme_list("donor"))


def test_the_english_visitor_walks_the_english_pages(live_site, new_context):
    """The English home, an English petition and the English donation page pass the
    same checks as the French ones, with French as the other language."""
    context = new_context(locale="en-GB")
    page = context.new_page()
    walk = Walk("english", language="en")

    page.goto("/en/")
    expect(page.locator("html")).to_have_attribute("lang", re.compile("^en"))
    walk.shoot(page, "home")

    page.goto("/en/petitions/local-railway-lines/")
    expect(page.locator("h1").first).to_contain_text("local railway lines")
    walk.shoot(page, "petition")

    page.goto("/en/donate/")
    expect(page.locator("form")).to_be_visible()
    walk.shoot(page, "give")

    context.requests_log.assert_only_own_host()
    walk.assert_clean(readme_list("english"))


def test_the_webmaster_walks_the_admin(live_site, admin_page, new_context):
    from rostra.mail.models import OutboxMessage
    from rostra_donations.models import Donation
    from rostra_petitions.models import PetitionPage

    if not OutboxMessage.objects.exists():
        visitor = new_context().new_page()
        give(visitor, f"webmaster.walk.{secrets.token_hex(4)}@example.org")
        pay(visitor)
    page = admin_page
    walk = Walk("webmaster")

    page.goto(reverse("wagtailadmin_home"))
    expect(page.locator("[data-figure-name=new_supporters]")).to_be_visible()
    walk.shoot(page, "dashboard")

    page.goto(reverse("donations_admin:ledger") + "?status=paid")
    walk.shoot(page, "ledger-filtered")

    donor = Donation.objects.filter(status="paid").order_by("-paid_at").first().person
    page.goto(reverse("wagtailsnippets_people_person:inspect", args=[donor.pk]))
    walk.shoot(page, "person")

    petition = PetitionPage.objects.live().filter(slug="petites-lignes").first()
    page.goto(reverse("petitions_admin:petition", args=[petition.pk]))
    walk.shoot(page, "petition-dashboard")

    message = OutboxMessage.objects.order_by("-created_at").first()
    # Settings › Outbox is registered by the server's settings only (not this process's).
    page.goto(f"/admin/outbox/inspect/{message.pk}/")
    expect(page.locator("main")).to_contain_text(message.subject)
    walk.shoot(page, "outbox-email")

    admin_page.context.requests_log.assert_only_own_host()
    walk.assert_clean(readme_list("webmaster"))


def test_the_candidate_sees_their_figures_and_publishes_their_home(live_site, new_context):
    from rostra_network.models import CandidateSite

    lyon = CandidateSite.objects.select_related("site__root_page").get(slug="lyon")
    home = lyon.site.root_page.specific
    original_title = home.title
    context = new_context(hosts=[live_site.host_for("lyon")])
    page = context.new_page()
    log_in(page, "lyon@candidats.example.org", "lyon-demo")
    walk = Walk("candidate")
    try:
        page.goto(reverse("wagtailadmin_home"))
        expect(page.locator("h1")).to_contain_text("Amina Diallo")
        walk.shoot(page, "dashboard")

        page.goto(reverse("wagtailsnippets_people_person:list"))
        walk.shoot(page, "supporters")

        page.goto(reverse("wagtailadmin_pages:edit", args=[home.pk]))
        page.fill("input[name=title]", "Amina Diallo, votre candidate à Lyon")
        walk.shoot(page, "home-edit")
        page.locator("footer [data-w-dropdown-target='toggle']").last.click()
        page.get_by_role("button", name=re.compile("Publier")).click()
        expect(page.locator(".messages")).to_contain_text(re.compile("publiée"))

        page.goto(live_site.url("/", subdomain="lyon"))
        expect(page.locator("h1").first).to_have_text("Amina Diallo, votre candidate à Lyon")
        walk.shoot(page, "home-published")
    finally:
        home.refresh_from_db()
        home.title = original_title
        home.save_revision().publish()
    context.requests_log.assert_only_own_host()
    walk.assert_clean(readme_list("candidate"))
