"""The events map: France by département drawn by the server, accessible
(axe-core), fetching nothing elsewhere, each département with events a link
to the listing filtered to it."""

from playwright.sync_api import expect


def test_the_map_of_events_is_accessible_and_leads_to_a_departements_events(
    live_site, page, requests_log, axe
):
    from rostra_organising.events.models import EventIndexPage

    agenda = EventIndexPage.objects.live().filter(slug="agenda").order_by("pk").first()
    page.goto(agenda.url)
    page.get_by_role("link", name="Voir les événements sur une carte de France").click()
    expect(page.locator("h1")).to_have_text("Carte des événements")
    expect(page.locator("svg.departement-map path")).to_have_count(96)
    axe(page)
    # The demo's Lyon and Villeurbanne events: Rhône is a link, on the map and in the table.
    rhone = page.locator('svg.departement-map a[aria-label^="Rhône (69)"]')
    expect(rhone).to_have_count(1)
    page.get_by_role("table").get_by_role("link", name="69 – Rhône").click()
    expect(page.locator("#id_departement")).to_have_value("69")
    expect(page.locator("main")).to_contain_text("Porte-à-porte à Villeurbanne")
    requests_log.assert_only_own_host()
