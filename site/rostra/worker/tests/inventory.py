"""Every background task the code defines: the core's and each plugin's (all
their modules), and those of the other installed apps (their ``tasks``
module, where Django apps keep them)."""

import importlib
import pkgutil

from django.apps import apps
from django.conf import settings
from django.tasks import Task

SKIPPED = (".tests", ".migrations", "rostra.settings", "rostra.wsgi")


def own_packages():
    return ["rostra", *settings.ROSTRA_PLUGINS]


def _modules(package_name):
    package = importlib.import_module(package_name)
    yield package
    for info in pkgutil.walk_packages(package.__path__, package_name + "."):
        if any(part in info.name or info.name.startswith(part) for part in SKIPPED):
            continue
        yield importlib.import_module(info.name)


def _tasks_in(module):
    for value in vars(module).values():
        if isinstance(value, Task):
            yield value


def own_tasks():
    """{module path: Task} of the core and the plugins."""
    found = {}
    for package in own_packages():
        for module in _modules(package):
            for task in _tasks_in(module):
                found[task.module_path] = task
    return found


def all_tasks():
    """Ours, and those in the ``tasks`` module of every other installed app."""
    found = own_tasks()
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.tasks":
                raise
            continue
        for task in _tasks_in(module):
            found.setdefault(task.module_path, task)
    return found
