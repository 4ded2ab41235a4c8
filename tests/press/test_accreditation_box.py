"""The "Accréditation presse obligatoire" box always shows the event's live state."""

import re
from datetime import timedelta

import pytest

from accreditations.models import RequestStatus
from tests.accreditations.factories import NOW, AccreditationRequestFactory, EventFactory
from tests.press.factories import PressReleaseFactory, brussels

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(NOW, tick=False)


def box(client, release) -> str:
    html = client.get(release.get_absolute_url()).content.decode()
    match = re.search(r'<section class="press-box[^"]*".*?</section>', html, re.S)
    return match.group() if match else ""


def approve(event, count):
    AccreditationRequestFactory.create_batch(count, event=event, status=RequestStatus.APPROVED)


@pytest.fixture
def event():
    return EventFactory(
        title="Visite de la délégation",
        slug="visite",
        capacity=8,
        accreditation_opens=brussels(2026, 11, 16, 9),
        accreditation_closes=brussels(2026, 11, 29, 12),
        starts=brussels(2026, 12, 1, 10),
    )


def test_open_event_with_capacity_shows_deadline_places_left_and_the_form(client, event):
    approve(event, 3)
    release = PressReleaseFactory(event=event)

    html = box(client, release)

    assert 'class="press-box press-box--open"' in html
    assert '<h2 id="accreditation-title">Accréditation presse obligatoire</h2>' in html
    assert '<a href="/accreditations/evenements/visite/">Visite de la délégation</a>' in html
    assert "Accréditations ouvertes" in html
    assert (
        'Demandes jusqu’au <time datetime="2026-11-29T12:00:00+01:00">29 novembre 2026 à 12:00</time>.'
        in html
    )
    assert "5 places restantes sur 8." in html
    assert (
        '<a class="press-box__button" href="/accreditations/visite/">Demander une accréditation</a>'
        in html
    )


def test_places_left_are_read_live_and_one_place_is_singular(client, event):
    release = PressReleaseFactory(event=event)
    approve(event, 7)

    assert "1 place restante sur 8." in box(client, release)


def test_full_event_says_so_and_still_offers_the_waiting_list(client, event):
    approve(event, 8)
    release = PressReleaseFactory(event=event)

    html = box(client, release)

    assert "press-box--full" in html
    assert "Toutes les places sont attribuées" in html
    assert "places restantes" not in html
    assert "Demander une accréditation" in html


def test_event_without_capacity_shows_no_count(client, event):
    event.capacity = None
    event.save()
    release = PressReleaseFactory(event=event)

    html = box(client, release)

    assert "Accréditations ouvertes" in html
    assert "place" not in html.replace("press-box", "")
    assert "Demander une accréditation" in html


def test_upcoming_event_says_when_requests_open(client, event):
    event.accreditation_opens = brussels(2026, 11, 24, 9)
    event.save()
    release = PressReleaseFactory(event=event)

    html = box(client, release)

    assert "press-box--upcoming" in html
    assert (
        'Accréditations ouvertes à partir du <time datetime="2026-11-24T09:00:00+01:00">'
        "24 novembre 2026 à 09:00</time>." in html
    )
    assert "Demander une accréditation" not in html


def test_closed_event_says_closed_without_a_button(client, event, time_machine):
    release = PressReleaseFactory(event=event)
    time_machine.move_to(event.accreditation_closes, tick=False)

    html = box(client, release)

    assert "press-box--closed" in html
    assert "<strong>Accréditations clôturées</strong>" in html
    assert "29 novembre 2026 à 12:00" in html
    assert "Demander une accréditation" not in html


def test_the_box_follows_the_clock_without_saving_the_release(client, event, time_machine):
    release = PressReleaseFactory(event=event)
    updated = release.updated

    assert "press-box--open" in box(client, release)
    time_machine.move_to(event.accreditation_closes + timedelta(seconds=1), tick=False)
    assert "press-box--closed" in box(client, release)
    release.refresh_from_db()
    assert release.updated == updated


def test_no_box_without_event(client):
    release = PressReleaseFactory()

    assert box(client, release) == ""
    assert (
        "Accréditation presse obligatoire"
        not in client.get(release.get_absolute_url()).content.decode()
    )
