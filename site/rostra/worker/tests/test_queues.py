"""Every queue a task of the code uses is served by the workers `make run`
starts (scripts/run-demo) and by those production starts (deploy/systemd),
and all of them are leased workers (run_worker, never a bare db_worker)."""

import re
import shlex
from pathlib import Path

import pytest

from rostra.worker.management.commands.run_worker import Command
from rostra.worker.tests import inventory

ROOT = Path(__file__).resolve().parents[4]
RUN_DEMO = ROOT / "scripts" / "run-demo"
UNITS = sorted((ROOT / "deploy" / "systemd").glob("*.service"))


@pytest.fixture(autouse=True)
def _database_queue(settings):
    """The command lines are read with run_worker's parser, as where they run."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}


def worker_options(arguments):
    return Command().create_parser("manage.py", "run_worker").parse_args(arguments)


def demo_workers():
    """The run_worker command lines of scripts/run-demo (its ``worker=(…)``)."""
    found = re.findall(r"^\s*worker=\((.*)\)\s*$", RUN_DEMO.read_text(), re.MULTILINE)
    return [shlex.split(line) for line in found]


def unit_workers():
    lines = []
    for unit in UNITS:
        for line in unit.read_text().splitlines():
            if line.startswith("ExecStart=") and "run_worker" in line:
                lines.append(shlex.split(line.removeprefix("ExecStart=")))
    return lines


def served(command_lines):
    """Which queues these workers take: names, or ("*", excluded names)."""
    names, everything_but = set(), None
    for command in command_lines:
        options = worker_options(command[command.index("run_worker") + 1 :])
        queues = options.queue_name.split(",")
        if "*" in queues:
            excluded = set(filter(None, options.exclude_queues.split(",")))
            everything_but = excluded if everything_but is None else everything_but & excluded
        names |= set(queues) - {"*"}
    return names, everything_but


def is_served(queue, command_lines):
    names, everything_but = served(command_lines)
    return queue in names or (everything_but is not None and queue not in everything_but)


@pytest.mark.parametrize("where", ["scripts/run-demo", "deploy/systemd"])
def test_every_queue_of_the_code_is_served(where):
    command_lines = demo_workers() if where == "scripts/run-demo" else unit_workers()
    assert command_lines, f"no run_worker started by {where}"
    queues = {task.queue_name for task in inventory.all_tasks().values()}
    assert "counting" in queues  # the petitions counter's own
    assert not [queue for queue in sorted(queues) if not is_served(queue, command_lines)]


def test_the_petitions_counter_has_its_own_worker_in_production():
    assert ["counting"] in [
        worker_options(line[line.index("run_worker") + 1 :]).queue_name.split(",")
        for line in unit_workers()
    ]


def test_no_worker_is_started_without_a_lease():
    """A bare db_worker leaves its task RUNNING for ever when it dies."""
    for path in [RUN_DEMO, *UNITS]:
        commands = [
            line
            for line in path.read_text().splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]
        assert not [line for line in commands if "db_worker" in line], path
