"""The Wagtail admin works under its Content-Security-Policy (ROSTRA_ADMIN_CSP):
a webmaster opens the page explorer, edits a page with the preview panel open,
opens a chooser and the rich-text editor, publishes, opens a snippet, a
settings screen and the donations and people listings, and the browser
reports no policy violation."""

import pytest
from playwright.sync_api import expect

# Any violation the browser sees, including those of frames (the preview panel).
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`Content Security Policy violation: ${event.violatedDirective} ` +
                `${event.blockedURI} in ${event.documentURI}`);
});
"""


@pytest.fixture
def own_page(live_site):
    """A page of this test's own under the national home, removed afterwards."""
    from rostra.pages.models import StandardPage
    from wagtail.models import Site

    home = Site.objects.get(is_default_site=True).root_page
    page = home.add_child(
        instance=StandardPage(title="Essai de l'admin", slug="essai-admin-csp", intro="Avant.")
    )
    page.save_revision().publish()
    yield page
    page.refresh_from_db()
    page.delete()


@pytest.fixture
def editor(admin_context):
    admin_context.add_init_script(REPORT_VIOLATIONS)
    page = admin_context.new_page()
    return page, admin_context.requests_log


def test_the_admin_works_under_its_content_security_policy(editor, own_page, live_site):
    from rostra.people.models import Person
    from wagtail.models import Site

    page, log = editor
    site = Site.objects.get(is_default_site=True)

    # The page explorer.
    page.goto(f"/admin/pages/{site.root_page_id}/")
    expect(page.get_by_role("link", name="Essai de l'admin").first).to_be_visible()

    # Edit the page with the preview panel open, then publish it.
    page.goto(f"/admin/pages/{own_page.pk}/edit/")
    page.locator("#id_intro").fill("Après, relu dans l'aperçu.")
    page.locator("button[data-side-panel-toggle='preview']").click()
    preview = page.frame_locator("iframe.w-preview__iframe").last
    expect(preview.get_by_text("Après, relu dans l'aperçu.")).to_be_visible()
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.locator("button[name='action-publish']").click()
    expect(page.locator(".messages")).to_contain_text("a été publiée")
    own_page.refresh_from_db()
    assert own_page.specific.intro == "Après, relu dans l'aperçu."

    # The home page's editor: a chooser's modal and the rich-text editor (not saved).
    page.goto(f"/admin/pages/{site.root_page_id}/edit/")
    page.locator(
        "[data-chooser-action-choose]:visible, [data-chooser-action-replace]:visible"
    ).first.click()
    expect(page.locator(".modal-content")).to_be_visible()
    page.locator(".modal [data-dismiss='modal']").first.click()
    expect(page.locator(".modal-content")).to_be_hidden()
    page.locator(".DraftEditor-root [contenteditable=true]").first.click()
    page.keyboard.type(" Brouillon.")

    # A snippet, a settings screen, the supporters and the donations.
    person = Person.objects.filter(erased_at__isnull=True).order_by("pk").first()
    for path in [
        "/admin/people/person/",
        f"/admin/people/person/edit/{person.pk}/",
        f"/admin/settings/sitesettings/brandsettings/{site.pk}/",
        f"/admin/settings/sitesettings/navigationsettings/{site.pk}/",
        "/admin/donations/ledger/",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        assert "object-src 'none'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")
    page.goto(f"/admin/people/person/edit/{person.pk}/")
    expect(page.locator("input[name=email]")).to_have_value(person.email)
    page.goto(f"/admin/settings/sitesettings/brandsettings/{site.pk}/")
    expect(page.locator("input[name=theme]")).to_have_count(2)

    assert log.csp_violations == []
