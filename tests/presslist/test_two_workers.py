"""Two workers sending one release at once, each on its own connection (PostgreSQL)."""

from collections import Counter

import pytest
from django.db import connection

from press.presslist.dispatch import dispatch_task
from press.presslist.models import Delivery, DeliveryStatus, Dispatch, DispatchKind
from tests.accreditations.test_concurrency import run_together
from tests.presslist.sending import full_release, recipients, run_worker, subscriber

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL: SQLite serialises every write anyway",
    ),
]


def test_two_workers_send_each_subscriber_one_email(sending, topics, settings):
    settings.PRESS_LIST_BATCH_SIZE = 5
    addresses = [f"journaliste{number}@redaction.example" for number in range(40)]
    for address in addresses:
        subscriber(address)
    release = full_release(topics[0])
    # A second task for the same release, as when a release is moved: both run at once.
    dispatch_task.enqueue(release_id=release.pk, kind=DispatchKind.RELEASE.value)

    _, errors = run_together(
        [lambda name=name: run_worker(max_tasks=1, worker_id=name) for name in ("un", "deux")]
    )
    assert errors == []
    assert Dispatch.objects.count() == 1

    _, errors = run_together(
        [lambda name=name: run_worker(worker_id=name) for name in ("un", "deux")]
    )

    assert errors == []
    assert Counter(recipients(sending)) == Counter(addresses)
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 40
