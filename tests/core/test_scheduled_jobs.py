"""The daily jobs the worker runs itself: once a day at their time in Brussels, whatever happens.

Dates are built from now (next year's daylight-saving Sundays); the clock is moved with
time-machine.
"""

import logging
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from core import scheduled_jobs, worker
from core.checks import check_scheduled_jobs
from core.models import JobOutcome, ScheduledJob
from press.presslist.models import Subscriber
from tests.accreditations.test_concurrency import run_together
from tests.presslist.subscribing import SubscriberFactory
from tests.tasks import DATABASE_QUEUE, site_worker

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
YEAR = timezone.now().year + 1


def last_sunday(year: int, month: int) -> date:
    """The day of Europe's daylight-saving change: the last Sunday of March or October."""
    last = date(year, month, 31)
    return last - timedelta(days=(last.weekday() - 6) % 7)


def brussels(day: date, hour: int, minute: int = 0, second: int = 0, *, fold: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second, fold=fold), tzinfo=BRUSSELS)


@pytest.fixture
def one_job(settings):
    """Only the press list's purge, every day at 03:10."""
    settings.SCHEDULED_JOBS = {
        "purge_press_list": {"at": "03:10", "label": "Effacement des abonnés non confirmés"}
    }


def make_due(name: str = "purge_press_list") -> ScheduledJob:
    scheduled_jobs.sync()
    ScheduledJob.objects.filter(name=name).update(next_run_at=timezone.now() - timedelta(minutes=1))
    return ScheduledJob.objects.get(name=name)


def test_the_site_schedules_the_four_daily_jobs_at_night():
    jobs = scheduled_jobs.configured_jobs()

    assert {name: job.at for name, job in jobs.items()} == {
        "purge_accreditations": time(3, 10),
        "purge_press_list": time(3, 20),
        "prune_db_task_results": time(3, 30),
        "axes_reset_logs": time(3, 40),
    }
    assert jobs["axes_reset_logs"].args == ("--age", "90")
    assert jobs["purge_accreditations"].label == (
        "Effacement des données des demandes d’accréditation échues"
    )
    assert check_scheduled_jobs() == []


def test_the_check_refuses_an_unknown_command_or_an_unreadable_time(settings):
    settings.SCHEDULED_JOBS = {"purge_everything": "03:00", "purge_press_list": "25:99"}

    assert sorted(error.id for error in check_scheduled_jobs()) == ["core.E010", "core.E011"]


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        # The same day when its time is still to come, else the next day.
        (brussels(date(YEAR, 6, 1), 1), brussels(date(YEAR, 6, 1), 3, 10)),
        (brussels(date(YEAR, 6, 1), 3, 10), brussels(date(YEAR, 6, 2), 3, 10)),
        # Across the spring change the day has 23 hours, across the autumn change 25: same clock.
        (
            brussels(last_sunday(YEAR, 3) - timedelta(days=1), 3, 10),
            brussels(last_sunday(YEAR, 3), 3, 10),
        ),
        (
            brussels(last_sunday(YEAR, 10) - timedelta(days=1), 3, 10),
            brussels(last_sunday(YEAR, 10), 3, 10),
        ),
    ],
)
def test_next_run_is_the_next_time_brussels_clocks_show(after, expected):
    assert scheduled_jobs.next_run(time(3, 10), after=after) == expected


def test_a_time_the_spring_change_skips_runs_an_hour_later_that_day():
    spring = last_sunday(YEAR, 3)

    moment = scheduled_jobs.next_run(time(2, 30), after=brussels(spring, 0))

    # 02:30 does not exist that day: the clocks go from 02:00 to 03:00.
    assert moment == datetime.combine(spring, time(1, 30), tzinfo=UTC)
    assert timezone.localtime(moment).time() == time(3, 30)
    assert scheduled_jobs.next_run(time(2, 30), after=moment) == brussels(
        spring + timedelta(days=1), 2, 30
    )


def test_a_time_the_autumn_change_shows_twice_runs_once():
    autumn = last_sunday(YEAR, 10)

    first = scheduled_jobs.next_run(time(2, 30), after=brussels(autumn, 0))
    # Run at the first 02:30 (summer time), the job is not due again at the second (winter time).
    after_second = brussels(autumn, 2, 31, fold=1)

    assert first == datetime.combine(autumn, time(0, 30), tzinfo=UTC)
    assert first < after_second
    assert scheduled_jobs.next_run(time(2, 30), after=first) == brussels(
        autumn + timedelta(days=1), 2, 30
    )


@pytest.mark.parametrize("month", [3, 10])
def test_around_a_daylight_saving_change_the_job_runs_once_a_day_at_its_time(month, one_job):
    change = last_sunday(YEAR, month)
    start = brussels(change - timedelta(days=3), 12).astimezone(UTC)
    runs = []
    with time_machine.travel(start, tick=False) as traveller:
        scheduled_jobs.sync()
        # A worker looking every ten minutes for a week.
        moment = start
        while moment < start + timedelta(days=7):
            traveller.move_to(moment)
            if scheduled_jobs.run_due(worker_id="worker-1"):
                runs.append(timezone.localtime())
            moment += timedelta(minutes=10)

    assert [run.time() for run in runs] == [time(3, 10)] * 7
    assert [run.date() for run in runs] == [
        change - timedelta(days=2) + timedelta(days=day) for day in range(7)
    ]
    # Subtracted in UTC: aware datetimes of one zone subtract as wall clocks.
    instants = [run.astimezone(UTC) for run in runs]
    lengths = [(b - a) / timedelta(hours=1) for a, b in pairwise(instants)]
    # The day of the change is 23 hours long in spring, 25 in autumn.
    assert sorted(set(lengths)) == sorted({24, 23 if month == 3 else 25})


def test_a_worker_stopped_over_several_due_times_runs_the_job_once(one_job):
    SubscriberFactory(confirmed_at=None, created=timezone.now() - timedelta(days=30))
    scheduled_jobs.sync()
    ScheduledJob.objects.update(next_run_at=timezone.now() - timedelta(days=3))

    assert scheduled_jobs.run_due(worker_id="worker-1") == ["purge_press_list"]
    assert scheduled_jobs.run_due(worker_id="worker-1") == []

    job = ScheduledJob.objects.get()
    assert job.next_run_at == scheduled_jobs.next_run(time(3, 10), after=job.last_started_at)
    assert job.next_run_at > timezone.now()
    assert job.last_outcome == JobOutcome.SUCCEEDED
    assert job.last_worker == "worker-1"
    assert job.last_finished_at >= job.last_started_at
    assert "1 abonné(s) non confirmé(s) effacé(s)." in job.last_output
    assert not Subscriber.objects.exists()


def test_a_failed_run_is_recorded_and_the_next_day_runs_again(one_job, caplog):
    today = timezone.localdate()
    with time_machine.travel(brussels(today, 3, 10, 30), tick=False) as traveller:
        make_due()
        broken = mock.patch(
            "press.presslist.management.commands.purge_press_list.purge_unconfirmed",
            side_effect=RuntimeError("cannot erase lea.martin@lavenir.example"),
        )
        with broken, caplog.at_level(logging.INFO, logger="core.scheduled_jobs"):
            assert scheduled_jobs.run_due(worker_id="worker-1") == ["purge_press_list"]

        job = ScheduledJob.objects.get()
        assert job.last_outcome == JobOutcome.FAILED
        assert job.last_error == "RuntimeError"
        assert job.next_run_at == brussels(today + timedelta(days=1), 3, 10)
        # The message may quote personal data: neither the admin nor the log keeps it.
        assert "lea.martin" not in caplog.text + job.last_output
        assert "Scheduled job purge_press_list failed: RuntimeError" in caplog.text

        traveller.move_to(brussels(today + timedelta(days=1), 3, 10, 30))
        assert scheduled_jobs.run_due(worker_id="worker-1") == ["purge_press_list"]

    job.refresh_from_db()
    assert (job.last_outcome, job.last_error) == (JobOutcome.SUCCEEDED, "")


def test_a_command_error_keeps_the_commands_message(settings):
    settings.SCHEDULED_JOBS = {"purge_press_list": {"at": "03:10", "args": ["--nope"]}}
    make_due()

    scheduled_jobs.run_due(worker_id="worker-1")

    job = ScheduledJob.objects.get()
    assert job.last_outcome == JobOutcome.FAILED
    assert job.last_error.startswith("CommandError: Error: unrecognized arguments: --nope")


def test_what_a_command_logs_is_its_output(settings):
    """django-tasks-db's prune reports through the log, not on its standard output."""
    settings.TASKS = DATABASE_QUEUE
    settings.SCHEDULED_JOBS = {"prune_db_task_results": "03:30"}
    make_due("prune_db_task_results")

    scheduled_jobs.run_due(worker_id="worker-1")

    assert ScheduledJob.objects.get().last_output == "INFO Deleted 0 task result(s)"


def test_only_the_end_of_a_long_output_is_kept(settings):
    settings.SCHEDULED_JOBS = {"purge_press_list": "03:10"}
    make_due()
    long_output = "".join(f"ligne {number}\n" for number in range(2000))
    with mock.patch.object(
        scheduled_jobs,
        "call_command",
        side_effect=lambda *a, stdout, **k: stdout.write(long_output),
    ):
        scheduled_jobs.run_due(worker_id="worker-1")

    output = ScheduledJob.objects.get().last_output
    assert len(output) == scheduled_jobs.OUTPUT_LIMIT + 1
    assert output.startswith("…")
    assert output.endswith("ligne 1999")


def test_a_second_worker_with_the_same_reading_claims_nothing(one_job):
    row = make_due()

    assert scheduled_jobs.claim(row, worker_id="worker-1")
    assert not scheduled_jobs.claim(row, worker_id="worker-2")
    assert ScheduledJob.objects.get().last_worker == "worker-1"


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_at_the_same_instant_run_the_job_once(one_job):
    """Each on its own connection; PostgreSQL makes the second wait for the first's row lock."""
    row = make_due()

    claimed, errors = run_together(
        [
            lambda name=name: scheduled_jobs.claim(row, worker_id=name)
            for name in ("worker-1", "worker-2")
        ]
    )

    assert errors == []
    assert sorted(claimed) == [False, True]
    winner = "worker-1" if claimed[0] else "worker-2"
    assert ScheduledJob.objects.get().last_worker == winner


@pytest.mark.django_db(transaction=True)
def test_two_workers_looking_at_the_same_instant_run_the_job_once(one_job):
    make_due()

    ran, errors = run_together(
        [
            lambda name=name: scheduled_jobs.run_due(worker_id=name)
            for name in ("worker-1", "worker-2")
        ]
    )

    assert errors == []
    assert sorted(ran) == [[], ["purge_press_list"]]
    assert ScheduledJob.objects.get().last_outcome == JobOutcome.SUCCEEDED


def test_a_new_time_in_the_settings_moves_the_next_run(settings):
    settings.SCHEDULED_JOBS = {"purge_press_list": "03:10", "purge_accreditations": "03:20"}
    today = timezone.localdate()
    with time_machine.travel(brussels(today, 12), tick=False):
        scheduled_jobs.sync()
        settings.SCHEDULED_JOBS = {"purge_press_list": "04:45"}
        scheduled_jobs.sync()

    [job] = ScheduledJob.objects.all()
    assert (job.name, job.at) == ("purge_press_list", time(4, 45))
    assert job.next_run_at == brussels(today + timedelta(days=1), 4, 45)


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_due_jobs_but_not_in_a_one_off_batch(one_job):
    make_due()
    site_worker(batch=True, worker_id="batch").run()
    assert ScheduledJob.objects.get().last_outcome == ""

    looping = site_worker(batch=False, worker_id="looping")
    looping.run_scheduled_jobs()
    # A look again within SCHEDULE_CHECK_SECONDS reads nothing.
    make_due()
    looping.run_scheduled_jobs()

    job = ScheduledJob.objects.get()
    assert (job.last_outcome, job.last_worker) == (JobOutcome.SUCCEEDED, "looping")
    assert job.next_run_at <= timezone.now()


def test_the_worker_says_it_is_alive_every_five_minutes(caplog, settings):
    settings.TASKS = DATABASE_QUEUE
    looping = site_worker(batch=False, worker_id="w1")
    clock = iter([1000.0, 1100.0, 1300.0])
    with (
        mock.patch.object(worker.time, "monotonic", lambda: next(clock)),
        caplog.at_level(logging.INFO, logger="core.worker"),
    ):
        for _ in range(3):
            looping.record_poll()

    lines = [record.getMessage() for record in caplog.records if "alive" in record.getMessage()]
    assert lines == [
        "Worker alive worker_id=w1, 0 tasks done, 0 waiting, queue oldest waiting 0 s",
        "Worker alive worker_id=w1, 0 tasks done, 0 waiting, queue oldest waiting 0 s",
    ]


def test_call_command_output_is_plain_text():
    """Commands write their summary in colour on a terminal only: the record holds plain text."""
    make_due("purge_press_list")

    scheduled_jobs.run_due(worker_id="worker-1")
    job = ScheduledJob.objects.get(name="purge_press_list")

    assert "\x1b[" not in job.last_output
    assert job.last_output.endswith("0 abonné(s) non confirmé(s) effacé(s).")
