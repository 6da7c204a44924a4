"""A visitor gives €50 on the demo through the local test mode (no Stripe key)
and receives the acknowledgement PDF by email; its text is read after conversion."""

import base64
import io

import pypdf

from tests.e2e.gifts import fill_gift_form


def test_give_50_euros_and_receive_the_acknowledgement(live_site, page, requests_log, axe):
    page.goto("/faire-un-don/")
    assert "Mode test" in page.inner_text(".donation-testmode")
    axe(page)
    fill_gift_form(page, "camille.durand@example.org")
    page.get_by_role("button", name="Continuer vers le paiement").click()

    page.wait_for_url("**/_donations/test-checkout/**")
    assert "MODE TEST" in page.content()
    assert "Payer 50,00" in page.content()
    page.get_by_role("button", name="Payer par carte (test)").click()
    page.wait_for_url("**/merci/**")
    assert "Votre don de 50\u00a0€ est confirmé." in page.inner_text("main")
    requests_log.assert_only_own_host()

    message = live_site.outbox().filter(to="camille.durand@example.org").first()
    assert message is not None and "accusé de réception" in message.subject
    attachment = message.attachments[0]
    assert attachment["mimetype"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(base64.b64decode(attachment["base64"])))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Accusé de réception de votre don" in text
    assert "Camille Durand" in text and "50,00 €" in text
    assert "n'est pas un reçu fiscal" in text and "CNCCFP" in text
