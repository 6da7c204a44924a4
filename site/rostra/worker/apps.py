from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkerConfig(AppConfig):
    name = "rostra.worker"
    label = "worker"
    verbose_name = _("Task workers")

    def ready(self):
        from django.core import checks

        from rostra.worker import checks as worker_checks

        checks.register(worker_checks.shared_cache)
