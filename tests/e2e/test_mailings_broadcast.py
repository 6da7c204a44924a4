"""The acceptance path of a newsletter, on the demo as `make run` serves it
(scripts/run-demo: its task worker sends the batches, nothing runs inside a
request):

1. compose it in the Wagtail admin from blocks (text, button), for a segment;
2. preview it at desktop and phone widths, with a real recipient's fields;
3. send a test to oneself (read in Settings › Outbox);
4. send it to the segment;
5. watch the progress bar advance while the worker sends batch after batch
   (the site's rate is set low in Settings › Mailings, so it takes several);
6. see the statistics;
7. unsubscribe from a received message (its link, opened from the outbox; and
   one click, as a mail client posts it, RFC 8058), axe-core on those pages;
8. see the consent ledger's row on the person's page.
"""

import re
import secrets
import time

import pytest
from playwright.sync_api import expect

from tests.e2e.admin import log_in
from tests.e2e.axe import assert_accessible
from tests.e2e.demo_stack import served, visitors

SEGMENT = "Bénévoles du Rhône"
# Generous: the machine may be busy. Each step takes seconds.
WAIT = 180


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    with served(tmp_path_factory.mktemp("mailings")) as stack:
        yield stack


@pytest.fixture
def visit(browser, demo):
    with visitors(browser, demo, timeout=30_000) as new:
        yield new


def compose(admin, subject, agenda_url):
    admin.goto("/admin/mailings/new/")
    admin.locator("#id_site").select_option(label="Élan commun [défaut]")
    admin.locator("#id_subject").fill(subject)
    admin.get_by_role("button", name="Choisir segment enregistré").click()
    admin.locator(".modal").get_by_role("link", name=SEGMENT).click()
    expect(admin.locator("[data-contentpath='segment']")).to_contain_text(SEGMENT)
    add_block(admin, "Texte")
    admin.locator("textarea[name='body-0-value']").fill(
        'Bonjour {{ first_name|default:"à vous" }},\n\nRendez-vous samedi au marché.'
    )
    add_block(admin, "Bouton")
    admin.locator("input[name='body-1-value-label']").fill("Voir l’agenda")
    admin.locator("input[name='body-1-value-url']").fill(agenda_url)
    admin.get_by_role("button", name="Créer").click()
    expect(admin.locator(".messages")).to_contain_text(subject)


def add_block(admin, label):
    admin.locator("button[title='Insérer un bloc']").last.click()
    admin.get_by_role("option", name=label, exact=True).click()


def open_review(admin, token):
    admin.goto(f"/admin/mailings/?q={token}")
    admin.locator("table.listing tbody tr").first.locator("td.title a").first.click()
    expect(admin.locator("main h2").first).to_contain_text(token)
    return admin.url


def outbox_rows(admin, query, at_least=1):
    """The outbox's rows found by ``query``, once the worker has sent them."""
    deadline = time.monotonic() + WAIT
    while True:
        admin.goto(f"/admin/outbox/?q={query}")
        rows = admin.locator("table.listing tbody tr")
        if rows.count() >= at_least:
            return rows
        assert time.monotonic() < deadline, f"fewer than {at_least} emails for {query!r}"
        time.sleep(1)


def progress_value(admin):
    bar = admin.locator("main progress")
    return int(bar.get_attribute("value")) if bar.count() else None


def set_rate(admin, batch_size, per_minute):
    """Settings › Mailings of the national site: its batches and rate."""
    admin.goto("/admin/settings/mailings/mailingsettings/")
    admin.locator("#id_batch_size").fill(str(batch_size))
    admin.locator("#id_messages_per_minute").fill(str(per_minute))
    admin.get_by_role("button", name="Enregistrer").click()
    expect(admin.locator(".messages")).to_be_visible()


def unsubscribe_link(admin, row):
    """The List-Unsubscribe address of the message of ``row`` in the outbox."""
    to = re.search(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", row.inner_text()).group(0)
    row.locator("a").first.click()
    main = admin.locator("main").inner_text()
    found = re.search(r"List-Unsubscribe\s*<(https?://[^>\s]+)>", main)
    assert found, main
    assert "List-Unsubscribe=One-Click" in main  # RFC 8058
    # The footer of the text part carries the same link.
    assert main.count(found.group(1)) >= 2, main
    return found.group(1), to


def test_compose_preview_test_send_send_watch_count_unsubscribe(demo, visit):
    token = secrets.token_hex(3)
    subject = f'{{{{ first_name|default:"Bonjour" }}}}, samedi au marché {token}'
    admin = visit().new_page()
    log_in(admin)

    # 1. Compose.
    compose(admin, subject, f"{demo.base_url}/")
    review = open_review(admin, token)
    expect(admin.locator("main")).to_contain_text("Brouillon")
    shown = admin.locator("main").inner_text()
    count = int(re.search(r"(\d+) personnes? le recevr", shown).group(1))
    assert count >= 4, "the demo's segment should hold a few consenting supporters"

    # 2. Preview at desktop and phone widths, with a real recipient's fields.
    frames = admin.locator("main iframe")
    assert frames.count() == 2
    desktop, phone = (frames.nth(i).bounding_box()["width"] for i in range(2))
    assert desktop > 600 and 360 <= phone < 400
    for index in range(2):
        body = admin.frame_locator("main iframe").nth(index).locator("body")
        expect(body).to_contain_text("Rendez-vous samedi au marché.")
        expect(body).to_contain_text("Voir l’agenda")
        assert "{{" not in body.inner_text()  # the fields are filled in
    shown = admin.locator("main").inner_text()
    assert re.search(r"Avec les champs de .+, un(e)? destinataire", shown), shown
    assert "{{" not in admin.locator("main strong").last.inner_text()

    # 3. A test to oneself: the worker sends it; Settings › Outbox shows it.
    admin.get_by_role("button", name="M’envoyer un test").click()
    expect(admin.locator(".messages")).to_contain_text("admin@example.org")
    test_row = outbox_rows(admin, token).first
    expect(test_row).to_contain_text("admin@example.org")
    expect(test_row).to_contain_text("[Test]")

    # 4. Send to the segment, at a rate that takes several batches: the bar
    #    can be seen moving. (About 4 s a batch, five batches or so.)
    batch = max(1, count // 5)
    set_rate(admin, batch, batch * 15)
    admin.goto(review)
    admin.get_by_role("button", name=re.compile(rf"Envoyer à {count} personne")).click()
    expect(admin.locator(".messages")).to_contain_text(f"{count}")

    # 5. Watch the progress: the worker sends batch after batch.
    seen = []
    deadline = time.monotonic() + WAIT
    while True:
        admin.goto(review)
        value = progress_value(admin)
        if value is not None and (not seen or value != seen[-1]):
            seen.append(value)
        if "Envoyé" in admin.locator("main p").first.inner_text() and value == 100:
            break
        assert time.monotonic() < deadline, f"progress seen: {seen}\n{demo.log_tail()}"
        time.sleep(1)
    assert seen == sorted(seen), seen  # it only ever goes forward
    assert any(0 < value < 100 for value in seen), f"never seen half-way: {seen}"
    assert seen[-1] == 100

    # 6. The statistics: every copy of the segment sent and delivered.
    statistics = admin.locator("main table.listing").first
    sent_row = statistics.locator("tr", has_text="Envoyé").first
    assert re.sub(r"\D", "", sent_row.locator("td").first.inner_text()) == str(count)

    # 7. Unsubscribe from a received message: its link, opened from the outbox.
    rows = outbox_rows(admin, token, at_least=count + 1)
    copies = [rows.nth(i) for i in range(rows.count())]
    copies = [row for row in copies if "[Test]" not in row.inner_text()]
    link, reader_email = unsubscribe_link(admin, copies[0])
    assert link.startswith(demo.base_url)
    reader = visit()
    page = reader.new_page()
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("button", name="Se désinscrire").click()
    expect(page.get_by_role("status")).to_contain_text("C'est fait")
    assert_accessible(page)  # with the list of choices (the preference page)
    reader.requests_log.assert_only_own_host()
    reader.requests_log.assert_all_served()

    #    And one click, as a mail client posts it (RFC 8058), for a second copy.
    admin.goto(f"/admin/outbox/?q={token}")
    rows = admin.locator("table.listing tbody tr")
    second = next(
        rows.nth(i)
        for i in range(rows.count())
        if "[Test]" not in rows.nth(i).inner_text() and reader_email not in rows.nth(i).inner_text()
    )
    one_click, _second_email = unsubscribe_link(admin, second)
    response = visit().request.post(one_click, form={"List-Unsubscribe": "One-Click"})
    assert response.ok, response.status

    # 8. The ledger's row, on the person's page; the statistics count both.
    admin.goto(f"/admin/people/person/?q={reader_email}")
    admin.locator("table.listing tbody tr td.title a").first.click()
    consents = admin.locator("main table.listing").first
    newsletter = consents.locator("tr", has_text="Nouvelles de la campagne").filter(
        has_text="E-mail"
    )
    expect(newsletter).to_contain_text("retiré")
    expect(newsletter).to_contain_text("Lien de désinscription")
    admin.locator("main summary").first.click()
    ledger = admin.locator("main details table.listing")
    expect(ledger).to_contain_text("Désinscription par le lien d'un e-mail.")
    admin.goto(review)
    unsubscribed = admin.locator("main table.listing").first.locator("tr", has_text="Désinscrits")
    assert re.sub(r"\D", "", unsubscribed.locator("td").first.inner_text()) == "2"
