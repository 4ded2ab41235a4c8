"""The load balancer's health check: one line per dependency, 503 only without the database."""

from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import OperationalError
from django.utils import timezone

from core.worker import record_poll
from press.presslist.services import send_subscriber_email_task
from tests.tasks import DATABASE_QUEUE

pytestmark = pytest.mark.django_db

POLLED = datetime(timezone.now().year, 3, 4, 9, 5, 30, tzinfo=ZoneInfo("Europe/Brussels"))


@pytest.fixture
def worker_polls():
    """A task worker polled the queue a moment ago, as `make run` and `make serve` keep one."""
    with time_machine.travel(POLLED, tick=False):
        record_poll()
    with time_machine.travel(POLLED + timedelta(seconds=20), tick=False):
        yield


def body(*, database="ok", cache="ok", worker="ok", queue="ok", last_poll=None) -> bytes:
    last_poll = last_poll or POLLED.isoformat()
    return (
        f"database: {database}\ncache: {cache}\nworker: {worker}\nqueue: {queue}\n"
        f"last poll: {last_poll}\n"
    ).encode()


def test_healthz_answers_ok_when_everything_answers(client, worker_polls):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == body()
    assert response.content.endswith(b"last poll: %d-03-04T09:05:30+01:00\n" % POLLED.year)
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_without_detail_when_the_database_is_down(client, worker_polls):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("connection refused on 10.0.0.5"),
    ):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == body(
        database="indisponible", worker="indisponible", queue="indisponible", last_poll="inconnu"
    )


def test_healthz_answers_200_naming_the_cache_when_redis_is_down(
    client, redis_server, redis_cache, worker_polls
):
    assert client.get("/healthz").content == body()

    redis_server.stop()
    response = client.get("/healthz")

    # The site still serves, slower: the load balancer must keep sending it visitors.
    assert response.status_code == 200
    assert response.content == body(cache="indisponible")


def test_healthz_names_the_worker_when_none_has_polled_for_two_minutes(client):
    with time_machine.travel(POLLED, tick=False):
        record_poll()
    with time_machine.travel(POLLED + timedelta(seconds=119), tick=False):
        assert client.get("/healthz").content == body()

    with time_machine.travel(POLLED + timedelta(minutes=3), tick=False):
        response = client.get("/healthz")

    # Nothing goes out, but the site serves: the load balancer keeps sending it visitors.
    assert response.status_code == 200
    assert response.content == body(worker="indisponible")


def test_healthz_names_the_worker_when_none_ever_polled(client):
    assert client.get("/healthz").content == body(worker="indisponible", last_poll="jamais")


def test_healthz_says_the_queue_is_late_when_a_due_task_waits_too_long(
    client, settings, worker_polls
):
    """The worker polls, yet a task waits: stuck on a long job, or on a queue it does not read."""
    settings.TASKS = DATABASE_QUEUE
    settings.QUEUE_LATE_SECONDS = 300
    send_subscriber_email_task.enqueue(subscriber_id=1, kind="confirm")
    # A retry due in an hour is not late, however long ago it was queued.
    send_subscriber_email_task.using(run_after=timezone.now() + timedelta(hours=1)).enqueue(
        subscriber_id=2, kind="confirm"
    )

    queued = timezone.now()

    with time_machine.travel(queued + timedelta(seconds=300), tick=False):
        record_poll()
        assert client.get("/healthz").content == body(last_poll=timezone.localtime().isoformat())

    with time_machine.travel(queued + timedelta(seconds=301), tick=False):
        record_poll()
        response = client.get("/healthz")
        last_poll = timezone.localtime().isoformat()

    # Mail waits, but the site serves: 200.
    assert response.status_code == 200
    assert response.content == body(queue="en retard", last_poll=last_poll)
