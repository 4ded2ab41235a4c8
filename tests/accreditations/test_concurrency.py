"""Two people acting at the same moment, each on their own database connection (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from accreditations import services
from accreditations.models import AccreditationRequest, RequestStatus
from tests.accreditations.conftest import form_data
from tests.accreditations.factories import AccreditationRequestFactory, EventFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL: SQLite serialises every write anyway",
    ),
]


def run_together(tasks):
    """Start every task at the same instant, each in its own thread and connection."""
    barrier = threading.Barrier(len(tasks))
    results, errors = [None] * len(tasks), []

    def run(index, task):
        try:
            barrier.wait()
            results[index] = task()
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, t)) for i, t in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_reviewers_at_the_same_moment_never_exceed_the_capacity(now):
    event = EventFactory(capacity=2)
    AccreditationRequestFactory(event=event, status=RequestStatus.APPROVED)
    waiting = AccreditationRequestFactory.create_batch(6, event=event)

    outcomes, errors = run_together(
        [
            lambda request=request: services.decide(
                requests=[request], status=RequestStatus.APPROVED
            )
            for request in waiting
        ]
    )

    assert errors == []
    assert event.requests.filter(status=RequestStatus.APPROVED).count() == 2
    assert sum(len(outcome.changed) for outcome in outcomes) == 1
    assert sum(len(outcome.over_capacity) for outcome in outcomes) == 5


def test_same_address_sent_twice_at_the_same_moment_is_saved_once(now):
    event = EventFactory()
    data = {**form_data(event), "media_type": "print", "role": "journalist"}

    _results, errors = run_together(
        [lambda: services.request_accreditation(event=event, data=data) for _ in range(4)]
    )

    assert AccreditationRequest.objects.count() == 1
    assert len(errors) == 3
    assert all(isinstance(error, services.DuplicateRequest) for error in errors)
