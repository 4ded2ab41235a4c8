"""The task worker as `make serve` runs it outlives a PostgreSQL outage, then sends what waits."""

import os
from urllib.parse import quote

import pytest
from django.db import connection

from core import worker
from press.presslist import services
from tests.support.relay import Relay
from tests.support.smtp import subject_of
from tests.support.worker import WorkerProcess, wait_until
from tests.tasks import DATABASE_QUEUE

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="a SQLite file cannot be taken away from the worker that opened it",
    ),
]


@pytest.fixture
def database_relay():
    """A relay to the test database: the worker reaches PostgreSQL through it, the test does not."""
    relay = Relay(connection.settings_dict["PORT"] or 5432)
    yield relay
    relay.stop()


def relayed_database_url(port: int) -> str:
    database = connection.settings_dict
    password = f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else ""
    return f"postgres://{quote(database['USER'])}{password}@127.0.0.1:{port}/{database['NAME']}"


def test_the_worker_outlives_a_database_outage_then_sends_what_was_queued(
    settings, smtp_server, database_relay, client
):
    settings.TASKS = DATABASE_QUEUE
    worker_process = WorkerProcess(
        {
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "namur_site.settings",
            "DATABASE_URL": relayed_database_url(database_relay.port),
            "EMAIL_URL": f"smtp://127.0.0.1:{settings.EMAIL_PORT}",
            "DEBUG": "False",
        }
    )
    try:
        wait_until(lambda: worker.last_poll() is not None, "polled the queue")
        assert "\nworker: ok\nqueue: ok\n" in client.get("/healthz").content.decode()

        # PostgreSQL goes away for the worker: its connection is cut, new ones are refused.
        database_relay.stop()
        # Twice: the first attempt after the outage failed as well, and the worker is still there.
        wait_until(
            lambda: worker_process.logged("Database unavailable") >= 2,
            f"met the outage: {worker_process.lines}",
        )
        assert worker_process.running(), worker_process.log

        # PostgreSQL is back, and a journalist subscribes to the press list.
        back = Relay(database_relay.target_port, port=database_relay.port)
        try:
            services.subscribe(
                data={
                    "email": "claire.dumont@example.org",
                    "name": "Claire Dumont",
                    "outlet": "L’Avenir Namur",
                    "all_topics": True,
                    "topics": [],
                }
            )
            wait_until(lambda: smtp_server.messages, "sent the queued e-mail")
        finally:
            back.stop()
    finally:
        worker_process.stop()

    [message] = smtp_server.messages
    assert message.rcpt_tos == ["claire.dumont@example.org"]
    assert subject_of(message).startswith("Confirmez votre abonnement")
    assert "Traceback" not in worker_process.log
