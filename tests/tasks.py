"""The task queue as production runs it: tasks in the database, a worker that runs what is due."""

from django_tasks_db.management.commands.db_worker import Worker

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker() -> None:
    """Run the django-tasks-db worker until no task is due, as `manage.py db_worker --batch`."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()
