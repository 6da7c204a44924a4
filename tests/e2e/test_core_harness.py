"""The browser tests' own checks can fail: the request log catches a request to
another host (and stops it), axe catches a real violation, and the public
pages' CSP refuses inline scripts (which is why axe is injected through the
DevTools protocol, not as a <script> tag)."""

import pytest

from tests.e2e import axe as axe_module


def test_request_log_catches_and_stops_a_request_to_another_host(page, live_site, requests_log):
    page.goto("/")
    page.evaluate(
        "() => { const img = new Image(); img.src = 'http://tracker.example/pixel.gif'; "
        "document.body.append(img); }"
    )
    page.wait_for_timeout(300)
    foreign = requests_log.foreign()
    assert [recorded.url for recorded in foreign] == ["http://tracker.example/pixel.gif"]
    with pytest.raises(AssertionError, match="tracker.example"):
        requests_log.assert_only_own_host()


def test_public_pages_refuse_inline_scripts(page, requests_log):
    page.goto("/")
    with pytest.raises(Exception, match="Content Security Policy"):
        page.add_script_tag(content="window.injected = true;")
    assert page.evaluate("() => window.injected") is None
    assert requests_log.csp_violations  # and the log reports it


def test_axe_reports_serious_violations(page, live_site):
    page.goto("/")
    # Break the page on purpose: an image without alternative text, a nameless button.
    page.evaluate(
        "() => { const img = document.createElement('img'); img.src = '/_health/'; "
        "document.querySelector('main').append(img, document.createElement('button')); }"
    )
    with pytest.raises(AssertionError) as failure:
        axe_module.assert_accessible(page)
    assert "image-alt" in str(failure.value) and "button-name" in str(failure.value)


def test_emails_the_server_sends_are_read_from_the_outbox(page, live_site):
    before = live_site.outbox().count()
    page.goto("/admin/password_reset/")
    page.fill("input[name=email]", "admin@example.org")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/password_reset/done/")
    sent = live_site.outbox().order_by("-pk").first()
    assert live_site.outbox().count() == before + 1
    assert sent.to == "admin@example.org"
    assert f"{live_site.base_url}/admin/password_reset/confirm/" in sent.body
