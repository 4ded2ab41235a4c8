"""The task worker as the site runs it: it outlives a database outage and says when it last polled.

django-tasks-db's worker lets a database error escape its loop and exits; nothing restarts it,
and acknowledgments, decisions, badges and press-list sends stop without a word. This one waits
(longer each time, up to a minute), reconnects and goes on. Each poll is recorded, at most every
HEARTBEAT_SECONDS, so that /healthz and the admin can say when no worker has polled for a while.
"""

import contextlib
import logging
import random
import time
from datetime import timedelta

from django.db import DatabaseError, close_old_connections, connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

# One write every half minute at most: SQLite has one writer, and editors come first.
HEARTBEAT_SECONDS = 30
# A worker polls every second; two minutes without a poll is no worker at all.
SILENCE_SECONDS = 120
LONGEST_WAIT_SECONDS = 60


def record_poll(now=None) -> None:
    """Note that a worker has just looked for due tasks."""
    WorkerHeartbeat.objects.update_or_create(pk=1, defaults={"seen_at": now or timezone.now()})


def last_poll():
    """Return when a worker last looked for due tasks, or None if none ever did."""
    return WorkerHeartbeat.objects.filter(pk=1).values_list("seen_at", flat=True).first()


def is_silent(now=None) -> bool:
    """Return True when no worker has polled in SILENCE_SECONDS (the database must answer)."""
    seen_at = last_poll()
    return seen_at is None or seen_at < (now or timezone.now()) - timedelta(seconds=SILENCE_SECONDS)


class ResilientWorker(Worker):
    """django-tasks-db's worker, with its loop made to survive a database outage."""

    # The first wait after a database error; doubled after each failed attempt.
    first_wait = 1.0

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._recorded_at = None
        self._failures = 0

    def run(self) -> None:
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, self.queue_names)
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 - spreads workers started together

        while self.running:
            try:
                retrieved, task_result = self.poll()
            except DatabaseError as error:
                # A one-off run (--batch) reports the outage; a long-running worker waits it out.
                if self.batch:
                    raise
                self.wait_for_the_database(error)
                continue
            self._failures = 0

            if self.batch and retrieved and task_result is None:
                logger.info("No more tasks to run for worker_id=%s", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info("Ran %d tasks, worker_id=%s stops", self._run_tasks, self.worker_id)
                return
            if self.running and task_result is None:
                time.sleep(self.interval)

    def poll(self) -> tuple[bool, DBTaskResult | None]:
        """Claim and run the next due task; return whether the queue was read, and the task."""
        close_old_connections()
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)

        with exclusive_transaction(tasks.db):
            try:
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
            except DatabaseError as error:
                # SQLite busy with another writer: try again at the next poll.
                if is_locked_database_exception(error):
                    return False, None
                raise
        self.record_poll()
        if task_result is not None:
            self.run_task(task_result)
        close_old_connections()
        return True, task_result

    def record_poll(self) -> None:
        now = time.monotonic()
        if self._recorded_at is None or now - self._recorded_at >= HEARTBEAT_SECONDS:
            record_poll()
            self._recorded_at = now

    def wait_for_the_database(self, error: DatabaseError) -> None:
        self._failures += 1
        wait = min(self.first_wait * 2 ** (self._failures - 1), LONGEST_WAIT_SECONDS)
        # The error's type only: its message may name the database host.
        logger.warning(
            "Database unavailable (%s), worker_id=%s retries in %s s",
            type(error).__name__,
            self.worker_id,
            wait,
        )
        # A broken connection would fail every later query: the next poll opens a new one.
        for connection in connections.all(initialized_only=True):
            with contextlib.suppress(DatabaseError):
                connection.close()
        if self.running:
            time.sleep(wait)
