"""The demo's donation form, filled as a donor would (local test mode, no Stripe)."""


def fill_gift_form(page, email, first_name="Camille", last_name="Durand"):
    """Choose 50 € once and fill in a donor living in Paris, every attestation ticked."""
    page.locator("#amount-one_off-2").check()
    page.locator("#id_first_name").fill(first_name)
    page.locator("#id_last_name").fill(last_name)
    page.locator("#id_email").fill(email)
    page.locator("#id_address_line1").fill("8 rue des Écoles")
    page.locator("#id_postcode").fill("75005")
    page.locator("#id_town").fill("Paris")
    page.locator("#id_nationality_0").check()
    page.locator("#id_french_resident").check()
    for box in page.locator(".donation-attestations input[type=checkbox]").all():
        box.check()


def pay(page):
    """From the filled form to the thank-you page, through the test checkout."""
    page.get_by_role("button", name="Continuer vers le paiement").click()
    page.wait_for_url("**/_donations/test-checkout/**")
    page.get_by_role("button", name="Payer par carte (test)").click()
    page.wait_for_url("**/merci/**")
