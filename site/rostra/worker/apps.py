from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkerConfig(AppConfig):
    name = "rostra.worker"
    label = "worker"
    verbose_name = _("Task workers")

    def ready(self):
        from django.core import checks

        from rostra.people import retention as people_retention
        from rostra.worker import checks as worker_checks
        from rostra.worker import retention

        checks.register(worker_checks.shared_cache)
        people_retention.register("finished background tasks deleted", retention.purge)
