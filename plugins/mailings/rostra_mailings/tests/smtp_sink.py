"""A local SMTP sink for tests: it accepts every message on 127.0.0.1 and keeps
its Message-ID; ``stop()`` closes the port (the relay is down: connections are
refused), ``start()`` opens it again on the same port. Just enough SMTP for
smtplib (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT)."""

import email
import socketserver
import threading


class _Session(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 sink ready")
        while line := self.rfile.readline():
            verb = line.decode(errors="replace").strip().split(" ")[0].upper()
            if verb == "EHLO":
                self.reply("250-sink")
                self.reply("250 8BITMIME")
            elif verb in ("HELO", "MAIL", "RCPT", "RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 end with .")
                self.server.sink.keep(self._data())
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not here")

    def _data(self):
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class Sink:
    def __init__(self):
        self.message_ids = []
        self.port = 0
        self._server = None
        self._lock = threading.Lock()

    def keep(self, raw):
        message = email.message_from_bytes(raw)
        with self._lock:
            self.message_ids.append(message["Message-ID"])

    def start(self):
        self._server = _Server(("127.0.0.1", self.port), _Session)
        self._server.sink = self
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()
