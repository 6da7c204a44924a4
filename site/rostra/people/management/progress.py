"""A progress bar for management commands (the terminal side of long work)."""

import sys
import time


class ProgressBar:
    def __init__(self, stream=None, label="", width=30, unit="rows"):
        self.stream = stream or sys.stderr
        self.label = label
        self.width = width
        self.unit = unit
        self.started = time.monotonic()
        self.interactive = getattr(self.stream, "isatty", lambda: False)()
        self._last_printed = -1

    def update(self, done, total):
        percent = 100 if not total else min(100, int(100 * done / total))
        if not self.interactive and percent < 100 and percent - self._last_printed < 10:
            return  # logs and pipes get a line every 10 %
        self._last_printed = percent
        filled = self.width * percent // 100
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed else 0
        bar = "#" * filled + "-" * (self.width - filled)
        line = f"{self.label} [{bar}] {percent:3d}% {done:,}/{total:,} {self.unit} ({rate:,.0f}/s)"
        if self.interactive:
            self.stream.write("\r" + line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def finish(self):
        if self.interactive:
            self.stream.write("\n")
