"""The task worker as the site runs it: it outlives a database outage, says when it last polled,
and runs the daily jobs.

django-tasks-db's worker lets a database error escape its loop and exits; nothing restarts it,
and acknowledgments, decisions, badges and press-list sends stop without a word. This one waits
(longer each time, up to a minute), reconnects and goes on. Each poll is recorded, at most every
HEARTBEAT_SECONDS, so that /healthz and the admin can say when no worker has polled for a while;
every ALIVE_LOG_SECONDS it writes a line saying it is alive and how the queue stands. Every
SCHEDULE_CHECK_SECONDS, and when it starts, it runs the scheduled jobs that are due
(core/scheduled_jobs.py); a one-off run (--batch) leaves them to the long-running workers.
"""

import contextlib
import logging
import random
import time
from datetime import timedelta

from django.db import DatabaseError, OperationalError, close_old_connections, connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from core import scheduled_jobs
from core.metrics import queue_state
from core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

# One write every half minute at most: SQLite has one writer, and editors come first.
HEARTBEAT_SECONDS = 30
# A worker polls every second; two minutes without a poll is no worker at all.
SILENCE_SECONDS = 120
LONGEST_WAIT_SECONDS = 60
# A line in the log at the first poll, then every five minutes: the worker is alive.
ALIVE_LOG_SECONDS = 300
# Daily jobs are due at a minute of the clock: a look every half minute is soon enough.
SCHEDULE_CHECK_SECONDS = 30


def record_poll(now=None) -> None:
    """Note that a worker has just looked for due tasks."""
    WorkerHeartbeat.objects.update_or_create(pk=1, defaults={"seen_at": now or timezone.now()})


def last_poll():
    """Return when a worker last looked for due tasks, or None if none ever did."""
    return WorkerHeartbeat.objects.filter(pk=1).values_list("seen_at", flat=True).first()


def is_silent(now=None) -> bool:
    """Return True when no worker has polled in SILENCE_SECONDS (the database must answer)."""
    return is_too_old(last_poll(), now)


def is_too_old(seen_at, now=None) -> bool:
    """Return True when a last poll at ``seen_at`` (None: never) means no worker polls."""
    return seen_at is None or seen_at < (now or timezone.now()) - timedelta(seconds=SILENCE_SECONDS)


class ResilientWorker(Worker):
    """django-tasks-db's worker, with its loop made to survive a database outage."""

    # The first wait after a database error; doubled after each failed attempt.
    first_wait = 1.0

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._recorded_at = None
        self._alive_logged_at = None
        self._schedule_checked_at = None
        self._schedule_synced = False
        self._failures = 0

    def run(self) -> None:
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, self.queue_names)
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 - spreads workers started together

        while self.running:
            try:
                retrieved, task_result = self.poll()
                if not self.batch:
                    self.run_scheduled_jobs()
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
        if self.batch:
            return
        if self._alive_logged_at is None or now - self._alive_logged_at >= ALIVE_LOG_SECONDS:
            self._alive_logged_at = now
            waiting, oldest = queue_state()
            logger.info(
                "Worker alive worker_id=%s, %d tasks done, %d waiting, queue oldest waiting %d s",
                self.worker_id,
                self._run_tasks,
                waiting,
                oldest,
            )

    def run_scheduled_jobs(self) -> None:
        """Run the daily jobs that are due, when the last look is SCHEDULE_CHECK_SECONDS old."""
        now = time.monotonic()
        checked = self._schedule_checked_at
        if checked is not None and now - checked < SCHEDULE_CHECK_SECONDS:
            return
        # A stop asked during a job waits for its end, so that its outcome is recorded.
        self.running_task = True
        try:
            if not self._schedule_synced:
                scheduled_jobs.sync()
                self._schedule_synced = True
            scheduled_jobs.run_due(worker_id=self.worker_id, keep_going=lambda: self.running)
        except OperationalError as error:
            # SQLite busy with another writer: look again at the next poll.
            if not is_locked_database_exception(error):
                raise
            return
        finally:
            self.running_task = False
        self._schedule_checked_at = now

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
