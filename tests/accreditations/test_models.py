"""Events and requests: constraints, live state for other pages, and no personal data in texts."""

import logging
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from accreditations.models import AccreditationRequest, Event, RequestStatus
from tests.accreditations.factories import AccreditationRequestFactory, EventFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param(lambda e: {"ends": e.starts}, id="ends-at-start"),
        pytest.param(lambda e: {"accreditation_closes": e.accreditation_opens}, id="window-empty"),
        pytest.param(
            lambda e: {"accreditation_closes": e.ends + timedelta(minutes=1)},
            id="window-after-event",
        ),
        pytest.param(lambda e: {"capacity": 0}, id="no-places"),
        pytest.param(lambda e: {"per_outlet_cap": 0}, id="no-request-per-outlet"),
    ],
)
def test_database_keeps_dates_and_numbers_in_order(now, fields):
    event = EventFactory()
    for name, value in fields(event).items():
        setattr(event, name, value)

    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


def test_database_allows_one_active_request_per_email_and_event(event):
    AccreditationRequestFactory(event=event, email="claire@example.org")

    with pytest.raises(IntegrityError), transaction.atomic():
        AccreditationRequestFactory(event=event, email="CLAIRE@example.org")


def test_live_state_for_other_pages(now, django_assert_num_queries):
    open_event = EventFactory(capacity=3)
    AccreditationRequestFactory.create_batch(2, event=open_event, status=RequestStatus.APPROVED)
    AccreditationRequestFactory(event=open_event, status=RequestStatus.PENDING)
    closed = EventFactory(accreditation_closes=now - timedelta(seconds=1))
    upcoming = EventFactory(accreditation_opens=now + timedelta(days=1))

    with django_assert_num_queries(1):
        events = list(Event.objects.accreditation_open().with_counts())
        assert [e.places_left for e in events] == [1]

    assert events == [open_event]
    assert open_event.is_open and not closed.is_open and not upcoming.is_open
    assert closed.is_closed and upcoming.is_upcoming
    assert open_event.closes == open_event.accreditation_closes
    assert open_event.places_left == 1
    assert EventFactory(capacity=None).places_left is None
    assert list(Event.objects.accreditation_upcoming()) == [upcoming]


def test_window_edges(now):
    event = EventFactory(accreditation_opens=now, accreditation_closes=now + timedelta(hours=1))

    assert event.is_open_at(now)
    assert not event.is_open_at(now - timedelta(seconds=1))
    assert not event.is_open_at(now + timedelta(hours=1))


def test_texts_and_logs_show_no_personal_data(client, event, caplog):
    from tests.accreditations.conftest import form_data

    caplog.set_level(logging.INFO, logger="accreditations")
    client.post(event.get_form_url(), form_data(event))
    accreditation = AccreditationRequest.objects.get()

    assert str(accreditation) == f"Demande {accreditation.reference}"
    assert accreditation.reference in caplog.text
    for personal in ("Claire", "Dumont", "example.org", "Avenir", "+32"):
        assert personal not in caplog.text
        assert personal not in str(accreditation)


def test_urls(event):
    accreditation = AccreditationRequestFactory(event=event)

    assert event.get_absolute_url() == "/accreditations/evenements/visite-citadelle/"
    assert event.get_form_url() == "/accreditations/visite-citadelle/"
    assert accreditation.get_absolute_url() == (
        f"/accreditations/visite-citadelle/confirmation/{accreditation.reference}/"
    )
