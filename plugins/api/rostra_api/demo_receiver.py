"""The demo's local webhook receiver (``manage.py webhook_receiver``): it
verifies each call's Standard Webhooks signature with the package's verifier
and reports the event, counting duplicates by their webhook-id."""

import http.server
import threading

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


class DemoReceiver:
    def __init__(self, secret, report, port=0):
        self.verifier = Webhook(secret)
        self.seen, self.duplicates = set(), 0
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                try:
                    event = receiver.verifier.verify(body, dict(self.headers))
                except WebhookVerificationError as error:
                    report(f"refused (signature): {error}")
                    self.send_response(400)
                else:
                    receiver.note(event, report)
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]

    def note(self, event, report):
        if event["id"] in self.seen:
            self.duplicates += 1
        self.seen.add(event["id"])
        report(f"{event['type']} {event['id']} (verified; {self.duplicates} duplicates so far)")

    def start(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
