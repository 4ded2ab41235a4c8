"""Two real workers (`manage.py db_worker`) on one SQLite file: a missed daily job runs once."""

import sqlite3

import pytest

from tests.support.worker import WorkerProcess, manage, sqlite_site, wait_until

# An unconfirmed subscriber past the confirmation window, and the press list's purge last due
# three days ago: the workers were stopped over three due times.
SEED = """
from datetime import timedelta
from django.utils import timezone
from core import scheduled_jobs
from core.models import ScheduledJob
from press.presslist.models import Subscriber

Subscriber.objects.create(
    email="oublie@redaction.example", name="Jamais confirmé", outlet="L’Avenir",
    created=timezone.now() - timedelta(days=30),
)
scheduled_jobs.sync()
ScheduledJob.objects.update(next_run_at=timezone.now() - timedelta(days=3))
"""


def read(database, query: str) -> list[tuple]:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return connection.execute(query).fetchall()
    finally:
        connection.close()


@pytest.fixture
def site(tmp_path):
    env = sqlite_site(tmp_path, SCHEDULED_JOBS="purge_press_list=03:20", LOG_LEVEL="DEBUG")
    manage(env, "shell", "-c", SEED)
    return env, tmp_path / "db.sqlite3"


def test_two_workers_starting_after_the_due_time_run_the_missed_job_once(site):
    env, database = site
    workers = [WorkerProcess(env, "--worker-id", name) for name in ("worker-a", "worker-b")]
    try:
        # Each worker looks at the jobs as it starts: one runs the purge, the other does not.
        wait_until(
            lambda: all(worker.logged("Scheduled jobs looked at") for worker in workers),
            "looked at the scheduled jobs",
        )
        wait_until(
            lambda: (
                read(database, "SELECT last_outcome FROM core_scheduledjob") == [("succeeded",)]
            ),
            "recorded the job",
        )
    finally:
        for worker in workers:
            worker.stop()

    logs = [worker.log for worker in workers]
    assert sum(log.count("Scheduled job purge_press_list started") for log in logs) == 1
    [(worker_id, output, started_at, next_run_at)] = read(
        database,
        "SELECT last_worker, last_output, last_started_at, next_run_at FROM core_scheduledjob",
    )
    assert worker_id in ("worker-a", "worker-b")
    assert output.endswith("1 abonné(s) non confirmé(s) effacé(s).")
    assert read(database, "SELECT COUNT(*) FROM presslist_subscriber") == [(0,)]
    # Once, not once per missed day: the next run is tomorrow's (or tonight's).
    assert next_run_at > started_at
    # Each says it is alive, with how the queue stands.
    for log in logs:
        assert "Worker alive worker_id=worker-" in log
        assert "tasks done, 0 waiting, queue oldest waiting 0 s" in log
        assert "Traceback" not in log
