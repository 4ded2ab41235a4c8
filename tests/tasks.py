"""The task queue as production runs it: tasks in the database, a worker that runs what is due."""

from core.worker import ResilientWorker

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker(max_tasks: int | None = None, worker_id: str = "test-worker") -> None:
    """Run the site's worker until no task is due, as `manage.py db_worker --batch`.

    ``max_tasks`` stops it sooner, after that many tasks.
    """
    ResilientWorker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=worker_id,
        excluded_queue_names=[],
    ).run()
