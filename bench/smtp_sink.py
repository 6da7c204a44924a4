"""A local SMTP sink for the mailings bench: aiosmtpd in a process of its own
(so its CPU is not the sender's), accepting every message and keeping the
Message-IDs it saw, to check each copy arrived once. Never relays anything."""

import multiprocessing
import re
import time

MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


class Counting:
    """aiosmtpd handler: accept, count, remember the Message-ID."""

    def __init__(self):
        self.received = 0
        self.ids = set()
        self.duplicates = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.received += 1
        headers = envelope.original_content[: envelope.original_content.find(b"\r\n\r\n")]
        found = MESSAGE_ID.search(headers)
        if found:
            key = found.group(1)
            if key in self.ids:
                self.duplicates += 1
            self.ids.add(key)
        return "250 OK"


def _serve(port, commands):
    from aiosmtpd.controller import Controller

    handler = Counting()
    controller = Controller(handler, hostname="127.0.0.1", port=port, server_hostname="sink")
    controller.start()
    commands.send("ready")
    try:
        while True:
            command = commands.recv()
            if command == "stop":
                break
            commands.send((handler.received, len(handler.ids), handler.duplicates))
            if command == "reset":
                handler.received, handler.ids, handler.duplicates = 0, set(), 0
    finally:
        controller.stop()


class Sink:
    """``with Sink(port) as sink:`` … ``sink.stats()`` → (received, unique ids,
    duplicates); ``sink.reset()`` returns them too, then empties them."""

    def __init__(self, port):
        self.port = port

    def __enter__(self):
        context = multiprocessing.get_context("spawn")
        self._commands, theirs = context.Pipe()
        self._process = context.Process(target=_serve, args=(self.port, theirs), daemon=True)
        self._process.start()
        if not self._commands.poll(30) or self._commands.recv() != "ready":
            raise RuntimeError(f"the SMTP sink did not start on port {self.port}")
        return self

    def stats(self):
        self._commands.send("stats")
        return self._commands.recv()

    def reset(self):
        self._commands.send("reset")
        return self._commands.recv()

    def __exit__(self, *exc):
        self._commands.send("stop")
        self._process.join(10)
        if self._process.is_alive():
            self._process.terminate()


if __name__ == "__main__":
    import smtplib
    import sys

    port = int(sys.argv[1]) if len(sys.argv) > 1 else 9125
    with Sink(port) as sink:
        started = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            for n in range(1000):
                smtp.sendmail("a@x.org", ["b@x.org"], f"Message-ID: <{n}@x>\r\n\r\nhi\r\n")
        print(sink.stats(), f"{1000 / (time.perf_counter() - started):.0f} msg/s")
