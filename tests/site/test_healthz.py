"""The load balancer's health check: one line per dependency, 503 only without the database."""

from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_everything_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"database: ok\ncache: ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_without_detail_when_the_database_is_down(client):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("connection refused on 10.0.0.5"),
    ):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"database: indisponible\ncache: ok\n"


def test_healthz_answers_200_naming_the_cache_when_redis_is_down(client, redis_server, redis_cache):
    assert client.get("/healthz").content == b"database: ok\ncache: ok\n"

    redis_server.stop()
    response = client.get("/healthz")

    # The site still serves, slower: the load balancer must keep sending it visitors.
    assert response.status_code == 200
    assert response.content == b"database: ok\ncache: indisponible\n"
