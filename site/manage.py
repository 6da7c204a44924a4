#!/usr/bin/env python
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rostra import startup  # noqa: E402

if __name__ == "__main__":
    startup.setup(default_settings="rostra.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
