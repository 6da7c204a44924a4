"""A visitor who types the server's address (127.0.0.1) instead of the site's
name (localhost) is moved to the site's name first, so the way through the
payment page and back stays on one host: the browser's CSP (form-action
'self') lets every redirect through and the donor sees the thank-you page."""

from playwright.sync_api import expect


def test_a_donor_arriving_under_the_servers_address_pays_and_comes_back(live_site, new_context):
    alias = f"127.0.0.1:{live_site.port}"
    context = new_context(hosts=[alias])
    page = context.new_page()
    page.goto(f"http://{alias}/faire-un-don/")
    assert page.url == live_site.url("/faire-un-don/")

    page.locator("#amount-one_off-1").check()
    page.locator("#id_first_name").fill("Louis")
    page.locator("#id_last_name").fill("O'Neil")
    page.locator("#id_email").fill("louis.oneil@example.org")
    page.locator("#id_address_line1").fill("2 place du Marché")
    page.locator("#id_postcode").fill("69001")
    page.locator("#id_town").fill("Lyon")
    page.locator("#id_nationality_0").check()
    page.locator("#id_french_resident").check()
    for box in page.locator(".donation-attestations input[type=checkbox]").all():
        box.check()
    page.get_by_role("button", name="Continuer vers le paiement").click()
    page.wait_for_url("**/_donations/test-checkout/**")
    page.get_by_role("button", name="Payer par carte (test)").click()

    page.wait_for_url(live_site.url("/faire-un-don/merci/") + "**")
    expect(page.locator("main")).to_contain_text("est confirmé")
    context.requests_log.assert_only_own_host()  # and no CSP violation on the way
