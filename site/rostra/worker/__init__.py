"""Task workers that lose nothing when one dies.

django-tasks-db marks a task RUNNING when a worker claims it and keeps it so
until that worker records the outcome: a worker killed meanwhile (``kill -9``,
out of memory, a lost server) left its task RUNNING for ever. ``manage.py
run_worker`` wraps ``db_worker`` with a lease: each worker keeps a heartbeat row
fresh from a thread of its own, and every worker, as it beats, hands back to the
queue the tasks of workers whose heartbeat is older than the lease
(``rostra.worker.lease``). Every task is written to be safe to run twice, so a
task run again after its worker died finishes the work once. See
docs/deployment.md, "Task workers".
"""
