"""A stand-in for nginx's purge server: records each purge request and answers
200 for the keys it "holds" and 404 for the others, as the real one does."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class FakePurgeServer:
    def __init__(self):
        self.requests = []  # (method, host, path)
        self.cached = set()  # "host/path" keys that answer 200
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, like nginx

            def do_PURGE(self):
                key = f"{self.headers['Host']}{self.path}"
                server.requests.append((self.command, self.headers["Host"], self.path))
                status = 200 if key in server.cached else 404
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def keys(self):
        return {f"{host}{path}" for _method, host, path in self.requests}

    def clear(self):
        self.requests.clear()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def purge_server(settings):
    server = FakePurgeServer()
    settings.ROSTRA_PURGE_URLS = [server.url]
    settings.ROSTRA_PAGE_CACHE_SECONDS = 300
    yield server
    server.stop()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change and what waits for its commit (the tests run in a transaction)."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run
