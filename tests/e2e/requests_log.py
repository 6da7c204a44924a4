"""Every request a browser context makes, to prove a public page talks to no
one but its own site.

A request to any other host is recorded and then aborted, so a failing test
never reaches the outside world. Content-Security-Policy violations the
browser reports on the console are recorded too: a blocked third-party
resource never becomes a request, but it is a bug all the same.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Recorded:
    method: str
    url: str
    resource_type: str
    page_url: str

    @property
    def host(self):
        """host:port as the browser addressed it (``netloc`` without credentials)."""
        parts = urlsplit(self.url)
        if parts.scheme in ("data", "blob", "about"):
            return ""
        return parts.netloc.rsplit("@", 1)[-1]


@dataclass
class RequestsLog:
    allowed_hosts: set
    requests: list = field(default_factory=list)
    csp_violations: list = field(default_factory=list)
    unserved: list = field(default_factory=list)

    def attach(self, context):
        context.on("request", self._on_request)
        context.on("console", self._on_console)
        context.on("response", self._on_response)
        context.on("requestfailed", self._on_request_failed)
        context.route("**/*", self._route)
        return self

    def allow(self, *hosts):
        """Count more hosts as the site's own (e.g. a candidate site's host:port)."""
        self.allowed_hosts.update(hosts)

    def _on_request(self, request):
        frame_url = ""
        try:
            frame_url = request.frame.url
        except Exception:  # noqa: BLE001 - service-worker requests have no frame
            frame_url = ""
        self.requests.append(
            Recorded(request.method, request.url, request.resource_type, frame_url)
        )

    def _own(self, url):
        return urlsplit(url).netloc.rsplit("@", 1)[-1] in self.allowed_hosts

    def _on_response(self, response):
        if response.status >= 400 and self._own(response.url):
            self.unserved.append(f"{response.status} {response.request.method} {response.url}")

    def _on_request_failed(self, request):
        if self._own(request.url):
            self.unserved.append(f"failed ({request.failure}) {request.method} {request.url}")

    def _on_console(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    def _route(self, route):
        host = urlsplit(route.request.url).netloc.rsplit("@", 1)[-1]
        if urlsplit(route.request.url).scheme in ("http", "https", "ws", "wss") and (
            host not in self.allowed_hosts
        ):
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def foreign(self):
        """Recorded requests to any host that is not the site's own."""
        return [
            recorded
            for recorded in self.requests
            if recorded.host and recorded.host not in self.allowed_hosts
        ]

    def clear(self):
        self.requests.clear()
        self.csp_violations.clear()
        self.unserved.clear()

    def assert_only_own_host(self):
        """Fail, listing them, if any request left for another host or any
        resource was blocked by the Content-Security-Policy."""
        assert self.requests, "no request was recorded: is the log attached to this context?"
        foreign = self.foreign()
        problems = [f"{r.method} {r.url} ({r.resource_type}, from {r.page_url})" for r in foreign]
        problems += [f"CSP violation: {text}" for text in self.csp_violations]
        assert not problems, (
            f"requests to hosts other than {sorted(self.allowed_hosts)}:\n  "
            + "\n  ".join(problems)
        )

    def assert_all_served(self):
        """Fail if a request to the site itself failed or got an error status
        (a missing stylesheet, font, icon or image)."""
        assert not self.unserved, "requests the site did not serve:\n  " + "\n  ".join(
            self.unserved
        )

    def hosts(self):
        return sorted({recorded.host for recorded in self.requests if recorded.host})
