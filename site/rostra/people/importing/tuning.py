"""The interpreter tuned for a process that runs a large import alone.

``manage.py import_people`` uses it; imports started from the admin run in the
shared worker, which keeps the interpreter's defaults (the settings are the
whole process's: every task running next to the import would get them).
"""

import gc
import sys
from contextlib import contextmanager


@contextmanager
def interpreter_tuned():
    """The settings below while the block runs, restored afterwards:

    - the cycle collector runs less often. Each chunk's rows live long enough
      to reach the oldest generation, so with the default thresholds a full
      collection (every object in the process) comes about once per chunk.
      The rows form no reference cycles (they are freed as soon as their
      chunk is written) and the young generations are still collected;
    - threads switch every 0.5 ms, not 5: the import's main thread mostly
      waits on PostgreSQL, and each time the database answers it waits for
      the parsing thread to let go of the interpreter lock.

    Measured side by side: docs/PERFORMANCE.md, "Our own code against a library's".
    """
    thresholds, interval = gc.get_threshold(), sys.getswitchinterval()
    gc.set_threshold(max(thresholds[0], 100_000), *thresholds[1:])
    sys.setswitchinterval(min(interval, 0.0005))
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        sys.setswitchinterval(interval)
