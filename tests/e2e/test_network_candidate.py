"""A demo candidate logs into the admin, edits and publishes their own home
page, sees it on their site, and is refused another candidate's page."""

import re

from playwright.sync_api import expect

from tests.e2e.admin import log_in


def _home_of(slug):
    from rostra_network.models import CandidateSite

    return CandidateSite.objects.select_related("site__root_page").get(slug=slug).site.root_page


def test_a_candidate_publishes_their_home_and_is_refused_another(new_context, live_site):
    lyon = live_site.host_for("lyon")
    context = new_context(hosts=[lyon])
    page = context.new_page()
    log_in(page, "lyon@candidats.example.org", "lyon-demo")

    home = _home_of("lyon")
    title = "Amina Diallo, votre candidate à Lyon"
    page.goto(f"/admin/pages/{home.pk}/edit/")
    page.fill("input[name=title]", title)
    page.locator("footer [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name=re.compile("Publier")).click()
    expect(page.locator(".messages")).to_contain_text(re.compile("publiée"))

    page.goto(live_site.url("/", subdomain="lyon"))
    expect(page.locator("h1").first).to_have_text(title)

    marseille = _home_of("marseille")
    page.goto(f"/admin/pages/{marseille.pk}/edit/")
    # Wagtail's permission-denied page: back to the dashboard, with its message.
    expect(page.locator(".messages")).to_contain_text("autorisations")
    expect(page.locator("body")).not_to_contain_text(marseille.title)
    expect(page.locator("input[name=title]")).to_have_count(0)
    context.requests_log.assert_only_own_host()


def test_the_candidate_sites_answer_on_their_own_host(new_context, live_site):
    for slug, name in (("lyon", "Amina Diallo"), ("marseille", "Julien Moreau")):
        context = new_context(hosts=[live_site.host_for(slug)])
        page = context.new_page()
        page.goto(live_site.url("/", subdomain=slug))
        expect(page.locator("body")).to_contain_text(name)
        context.requests_log.assert_only_own_host()
        context.requests_log.assert_all_served()
