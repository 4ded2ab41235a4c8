"""The load balancer's health check: one line per dependency, 503 only without the database."""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.db import OperationalError
from django.utils import timezone

from core.worker import record_poll

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker_polls():
    """A task worker polled the queue a moment ago, as `make run` and `make serve` keep one."""
    record_poll()


def test_healthz_answers_ok_when_everything_answers(client, worker_polls):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"database: ok\ncache: ok\nworker: ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_without_detail_when_the_database_is_down(client, worker_polls):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("connection refused on 10.0.0.5"),
    ):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"database: indisponible\ncache: ok\nworker: indisponible\n"


def test_healthz_answers_200_naming_the_cache_when_redis_is_down(
    client, redis_server, redis_cache, worker_polls
):
    assert client.get("/healthz").content == b"database: ok\ncache: ok\nworker: ok\n"

    redis_server.stop()
    response = client.get("/healthz")

    # The site still serves, slower: the load balancer must keep sending it visitors.
    assert response.status_code == 200
    assert response.content == b"database: ok\ncache: indisponible\nworker: ok\n"


def test_healthz_names_the_worker_when_none_has_polled_for_two_minutes(client):
    polled = timezone.now()
    with time_machine.travel(polled, tick=False):
        record_poll()
    with time_machine.travel(polled + timedelta(seconds=119), tick=False):
        assert client.get("/healthz").content.endswith(b"worker: ok\n")

    with time_machine.travel(polled + timedelta(minutes=3), tick=False):
        response = client.get("/healthz")

    # Nothing goes out, but the site serves: the load balancer keeps sending it visitors.
    assert response.status_code == 200
    assert response.content == b"database: ok\ncache: ok\nworker: indisponible\n"


def test_healthz_names_the_worker_when_none_ever_polled(client):
    assert client.get("/healthz").content == b"database: ok\ncache: ok\nworker: indisponible\n"
