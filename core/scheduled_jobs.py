"""Daily jobs the task worker runs itself, at set times in Brussels: no cron.

The settings name the jobs (``SCHEDULED_JOBS``: a management command's name, its time of day
``"HH:MM"``, its arguments and a French label); the core knows only how to run a command by its
name. Each job has a row (``ScheduledJob``) holding when it is next due. A worker that finds a
job due claims the run with one UPDATE conditioned on the ``next_run_at`` it read, which also
moves it to the next day: of several workers, one updates the row and runs the command, the
others update nothing. A worker stopped over the due time finds the job due when it starts
again and runs it once, however many days it missed; a failed run is recorded, and the next
day's run is already set.
"""

import io
import logging
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.utils import is_locked_database_exception

from core.mail import error_name
from core.models import JobOutcome, ScheduledJob

logger = logging.getLogger(__name__)

# What the admin keeps of a run's output: its end, where commands write their summary.
OUTPUT_LIMIT = 4000


@dataclass(frozen=True)
class Job:
    name: str
    at: time
    label: str = ""
    args: tuple[str, ...] = field(default=())


def parse_time(value) -> time:
    """Read a time of day, "03:15" (or a ``datetime.time``)."""
    if isinstance(value, time):
        return value
    hour, _sep, minute = str(value).strip().partition(":")
    return time(int(hour), int(minute))


def configured_jobs() -> dict[str, Job]:
    """Return the jobs of ``settings.SCHEDULED_JOBS`` by command name."""
    jobs = {}
    for name, spec in getattr(settings, "SCHEDULED_JOBS", {}).items():
        if isinstance(spec, str | time):
            spec = {"at": spec}
        jobs[name] = Job(
            name=name,
            at=parse_time(spec["at"]),
            label=str(spec.get("label") or name),
            args=tuple(spec.get("args", ())),
        )
    return jobs


def next_run(at: time, *, after: datetime) -> datetime:
    """Return the first moment strictly after ``after`` when Brussels' clocks show ``at``.

    Computed on Brussels' calendar, so that a daylight-saving change neither skips nor doubles a
    day (the day is 23 or 25 hours long). A time that does not exist that day (02:30 on the
    spring change) is read with the offset before the change, an hour later on the clock (03:30);
    a time that occurs twice (02:30 on the autumn change) is its first occurrence.
    """
    zone = ZoneInfo(settings.TIME_ZONE)
    today = after.astimezone(zone).date()
    for day in (today, today + timedelta(days=1)):
        moment = datetime.combine(day, at, tzinfo=zone).astimezone(UTC)
        if moment > after:
            return moment
    raise AssertionError("unreachable: tomorrow's time is always after today")


def sync(*, now: datetime | None = None) -> None:
    """Give each configured job its row, and follow a change of its time; drop the others."""
    now = now or timezone.now()
    jobs = configured_jobs()
    ScheduledJob.objects.exclude(name__in=jobs).delete()
    for job in jobs.values():
        row, created = ScheduledJob.objects.get_or_create(
            name=job.name, defaults={"at": job.at, "next_run_at": next_run(job.at, after=now)}
        )
        if not created and row.at != job.at:
            # Conditioned on the old time: two workers starting together move it once.
            ScheduledJob.objects.filter(pk=row.pk, at=row.at).update(
                at=job.at, next_run_at=next_run(job.at, after=now)
            )


def due(*, now: datetime | None = None) -> list[ScheduledJob]:
    """Return the configured jobs whose time has come, oldest first."""
    now = now or timezone.now()
    return list(
        ScheduledJob.objects.filter(name__in=configured_jobs(), next_run_at__lte=now).order_by(
            "next_run_at", "name"
        )
    )


def claim(row: ScheduledJob, *, worker_id: str, now: datetime | None = None) -> bool:
    """Take the run of ``row`` that is due; return False if another worker took it first.

    One UPDATE, conditioned on the ``next_run_at`` read with ``row`` (and on its being due): it
    moves the job to its next time and marks it running. A second worker holding the same
    reading updates nothing.
    """
    now = now or timezone.now()
    if row.next_run_at > now:
        return False
    try:
        claimed = ScheduledJob.objects.filter(
            pk=row.pk, next_run_at=row.next_run_at, next_run_at__lte=now
        ).update(
            next_run_at=next_run(row.at, after=now),
            last_started_at=now,
            last_finished_at=None,
            last_outcome=JobOutcome.RUNNING,
            last_output="",
            last_error="",
            last_worker=worker_id[:64],
        )
    except OperationalError as error:
        # SQLite busy with another writer (another worker claiming): the next check sees.
        if is_locked_database_exception(error):
            return False
        raise
    return claimed == 1


class _ThreadOutput(logging.Handler):
    """Copy the log lines one thread writes while a command runs into its output."""

    def __init__(self, output: io.StringIO):
        super().__init__(level=logging.INFO)
        self.output = output
        self.thread = threading.get_ident()
        self.setFormatter(logging.Formatter("%(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.output.write(self.format(record) + "\n")


def execute(job: Job) -> tuple[str, str, str]:
    """Run ``job``'s command; return its outcome, the end of its output, and its error."""
    output = io.StringIO()
    # Some commands (django-tasks-db's prune) write their report to the log, not to stdout.
    capture = _ThreadOutput(output)
    root = logging.getLogger()
    root.addHandler(capture)
    try:
        call_command(job.name, *job.args, stdout=output, stderr=output)
    except Exception as error:
        # The error's type: its message may quote personal data, which must not outlive a purge.
        # A CommandError's message is the command's own words to the operator.
        reason = error_name(error)
        if isinstance(error, CommandError):
            reason = f"{reason}: {error}"
        outcome = JobOutcome.FAILED, reason[:300]
    else:
        outcome = JobOutcome.SUCCEEDED, ""
    finally:
        root.removeHandler(capture)
    text = output.getvalue().strip()
    if len(text) > OUTPUT_LIMIT:
        text = "…" + text[-OUTPUT_LIMIT:]
    return outcome[0], text, outcome[1]


def run(row: ScheduledJob, *, worker_id: str) -> str:
    """Run the job of ``row``, claimed by this worker, and record how it went; return how."""
    job = configured_jobs()[row.name]
    logger.info("Scheduled job %s started, worker_id=%s", job.name, worker_id)
    outcome, output, error = execute(job)
    ScheduledJob.objects.filter(pk=row.pk).update(
        last_finished_at=timezone.now(),
        last_outcome=outcome,
        last_output=output,
        last_error=error,
    )
    if outcome == JobOutcome.FAILED:
        logger.error("Scheduled job %s failed: %s", job.name, error)
    else:
        logger.info("Scheduled job %s done", job.name)
    return outcome


def run_due(*, worker_id: str, keep_going=lambda: True) -> list[str]:
    """Claim and run every job that is due; return the names of those this worker ran."""
    ran = []
    for row in due():
        if not keep_going():
            break
        if claim(row, worker_id=worker_id):
            run(row, worker_id=worker_id)
            ran.append(row.name)
        else:
            logger.info("Scheduled job %s taken by another worker", row.name)
    logger.debug("Scheduled jobs looked at, worker_id=%s, %d run", worker_id, len(ran))
    return ran
