"""The public list of events and the event page."""

from datetime import timedelta
from html import unescape

import pytest

from accreditations.models import RequestStatus
from tests.accreditations.factories import AccreditationRequestFactory, EventFactory
from tests.site.test_layout import InlineCodeFinder

pytestmark = pytest.mark.django_db


def test_list_shows_open_events_then_upcoming_ones(client, now):
    EventFactory(title="Visite à la Citadelle", capacity=4)
    EventFactory(title="Conseil communal", accreditation_closes=now - timedelta(hours=1))
    EventFactory(title="Saison culturelle", accreditation_opens=now + timedelta(days=3))

    html = unescape(client.get("/accreditations/").content.decode())

    assert "Visite à la Citadelle" in html
    assert "4 places restantes." in html
    assert "Conseil communal" not in html
    assert html.index("Bientôt ouvertes") < html.index("Saison culturelle")
    assert 'aria-current="page">Accréditations</a>' in html


def test_list_costs_a_fixed_number_of_queries(client, now, django_assert_num_queries):
    for _ in range(4):
        event = EventFactory(capacity=10)
        AccreditationRequestFactory.create_batch(2, event=event, status=RequestStatus.APPROVED)

    client.get("/accreditations/")  # keeps the layout's parts (the footer's legal pages)

    # Open events with counts, upcoming events with counts.
    with django_assert_num_queries(2):
        client.get("/accreditations/")


def test_event_page_shows_the_essentials_and_the_state(client, event):
    html = unescape(client.get(event.get_absolute_url()).content.decode())

    assert "<h1>Visite officielle à la Citadelle</h1>" in html
    assert "Citadelle de Namur" in html
    assert "samedi 28 novembre 2026 à 10:00" in html
    assert "Accréditations ouvertes" in html
    assert f'href="{event.get_form_url()}"' in html
    assert '<a href="/accreditations/">Accréditations</a>' in html


def test_full_event_says_so(client, now):
    event = EventFactory(capacity=1)
    AccreditationRequestFactory(event=event, status=RequestStatus.APPROVED)

    html = unescape(client.get(event.get_absolute_url()).content.decode())

    assert "Toutes les places sont attribuées" in html


@pytest.mark.parametrize("kind", ["list", "event", "form", "form-errors", "closed", "confirmation"])
def test_pages_have_no_inline_code(client, event, now, kind):
    closed = EventFactory(accreditation_closes=now - timedelta(hours=1))
    accreditation = AccreditationRequestFactory(event=event)
    response = {
        "list": lambda: client.get("/accreditations/"),
        "event": lambda: client.get(event.get_absolute_url()),
        "form": lambda: client.get(event.get_form_url()),
        "form-errors": lambda: client.post(event.get_form_url(), {}),
        "closed": lambda: client.get(closed.get_form_url()),
        "confirmation": lambda: client.get(accreditation.get_absolute_url()),
    }[kind]()
    finder = InlineCodeFinder()
    finder.feed(response.content.decode())

    assert response.status_code == 200
    assert finder.found == []
