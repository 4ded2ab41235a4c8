"""The task queue as production runs it: tasks in the database, a worker that runs what is due."""

from core.worker import ResilientWorker

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def site_worker(*, batch: bool = True, worker_id: str = "test-worker", max_tasks=None):
    """Return the site's worker on the default queue, polling without a pause."""
    return ResilientWorker(
        queue_names=["default"],
        interval=0,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def run_worker(max_tasks: int | None = None, worker_id: str = "test-worker") -> None:
    """Run the site's worker until no task is due, as `manage.py db_worker --batch`.

    ``max_tasks`` stops it sooner, after that many tasks.
    """
    site_worker(max_tasks=max_tasks, worker_id=worker_id).run()
