"""Two people acting at the same moment, each on their own database connection (PostgreSQL)."""

import threading
from html import unescape

import pytest
from django.db import connection, connections
from django.test import Client

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


def test_two_reviewers_on_request_pages_never_exceed_the_capacity(now, make_staff):
    """Each reviewer clicks « Accepter » on their own request's page for the last place."""
    event = EventFactory(capacity=2)
    AccreditationRequestFactory(event=event, status=RequestStatus.APPROVED)
    first, second = AccreditationRequestFactory.create_batch(2, event=event)
    clients = []
    for name in ("presse1", "presse2"):
        client = Client()
        client.force_login(
            make_staff(name, "view_accreditationrequest", "review_accreditationrequest")
        )
        clients.append(client)

    def click_accept(client, request):
        url = f"/admin/accreditations/accreditationrequest/{request.pk}/decision/"
        return unescape(client.post(url, {"decision": "approve"}, follow=True).content.decode())

    pages, errors = run_together(
        [
            lambda: click_accept(clients[0], first),
            lambda: click_accept(clients[1], second),
        ]
    )

    assert errors == []
    assert event.requests.filter(status=RequestStatus.APPROVED).count() == 2
    assert sum("1 demande acceptée" in page for page in pages) == 1
    assert sum("faute de place" in page for page in pages) == 1


def test_a_cancellation_and_a_staff_pick_at_once_never_exceed_the_capacity(now):
    """The freed place goes to one person only: the first waiting, or the one staff picked."""
    event = EventFactory(capacity=1)
    leaving = AccreditationRequestFactory(event=event, status=RequestStatus.APPROVED)
    waiting = AccreditationRequestFactory.create_batch(3, event=event, status="waitlisted")

    _results, errors = run_together(
        [
            lambda: services.cancel_request(accreditation=leaving),
            lambda: services.decide(requests=[waiting[2]], status=RequestStatus.APPROVED),
        ]
    )

    assert errors == []
    assert event.requests.filter(status=RequestStatus.APPROVED).count() == 1
    assert AccreditationRequest.objects.get(pk=leaving.pk).status == RequestStatus.CANCELLED


def test_a_cancellation_while_staff_waitlist_someone_gives_the_place_in_turn_only(now):
    """The freed place goes to the request that found the event full, never to staff's pick."""
    event = EventFactory(capacity=1)
    leaving = AccreditationRequestFactory(event=event, status=RequestStatus.APPROVED)
    held = AccreditationRequestFactory(event=event)
    in_turn = AccreditationRequestFactory(event=event, status=RequestStatus.WAITLISTED)

    _results, errors = run_together(
        [
            lambda: services.cancel_request(accreditation=leaving),
            lambda: services.decide(requests=[held], status=RequestStatus.WAITLISTED),
        ]
    )

    assert errors == []
    rows = {row.pk: row for row in AccreditationRequest.objects.filter(event=event)}
    assert (rows[held.pk].status, rows[held.pk].waitlisted_by_staff) == (
        RequestStatus.WAITLISTED,
        True,
    )
    assert rows[in_turn.pk].status == RequestStatus.APPROVED
    assert rows[leaving.pk].status == RequestStatus.CANCELLED
