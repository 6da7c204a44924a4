"""What a browser does with a form's redirect: CSP ``form-action`` of the page
that holds the form is checked against every address the submission is
redirected to (CSP level 3; Chromium refuses the navigation and the visitor is
left on the form with nothing said)."""

from urllib.parse import urljoin, urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url):
    parts = urlsplit(url)
    return parts.scheme, parts.hostname, parts.port or DEFAULT_PORTS.get(parts.scheme)


def form_action_sources(response):
    policy = response.get("Content-Security-Policy", "")
    for directive in policy.split(";"):
        name, *values = directive.split()
        if name == "form-action":
            return values
    return None  # no form-action: default-src does not cover it, anything goes


def allows(response, page_url, target):
    """Whether the page (served at ``page_url``) may lead its form to ``target``."""
    target = urljoin(page_url, target)
    sources = form_action_sources(response)
    if sources is None:
        return True
    scheme, host, port = _origin(target)
    page_scheme, page_host, page_port = _origin(page_url)
    for source in sources:
        if source == "'self'":
            same = (scheme, host, port) == (page_scheme, page_host, page_port)
            # 'self' also lets http upgrade to https on the same host.
            upgrade = page_scheme == "http" and scheme == "https" and host == page_host
            if same or upgrade:
                return True
        elif "://" in source and _origin(source) == (scheme, host, port):
            return True
    return False


def assert_allows(response, page_url, target):
    assert allows(response, page_url, target), (
        f"The browser refuses the redirect from the form of {page_url} to {target}: "
        f"Content-Security-Policy form-action {form_action_sources(response)}"
    )
