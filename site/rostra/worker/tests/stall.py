"""A real task worker held mid-task, for tests that kill it there.

    python stall.py <module>:<attribute>[.<attribute>] <marker file> run_worker [options]

Starts Django as manage.py does, wraps the named function so that, once it has
returned, the worker writes the marker file and waits (for the test's kill -9),
then runs the management command.
"""

import importlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from rostra import startup  # noqa: E402


def hold_after(path, marker):
    module_name, attributes = path.split(":")
    owner = importlib.import_module(module_name)
    *parents, name = attributes.split(".")
    for parent in parents:
        owner = getattr(owner, parent)
    original = getattr(owner, name)

    def held(*args, **kwargs):
        result = original(*args, **kwargs)
        Path(marker).write_text("held")
        time.sleep(3600)  # the test kills the process here
        return result

    setattr(owner, name, held)


if __name__ == "__main__":
    startup.setup(default_settings="rostra.settings.dev")
    target, marker, *command = sys.argv[1:]
    hold_after(target, marker)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["manage.py", *command])
