"""The e-mail of a release linked to an event carries the page's « Accréditation presse
obligatoire » box, in both parts, with the address of the form."""

from datetime import timedelta

import pytest

from accreditations.models import RequestStatus
from tests.accreditations.factories import AccreditationRequestFactory, EventFactory
from tests.presslist.sending import NOW, full_release, message_to, run_worker, subscriber
from tests.support.smtp import parts_of

pytestmark = pytest.mark.django_db(transaction=True)

FORM = "https://www.namur.be/accreditations/visite/"
EVENT = "https://www.namur.be/accreditations/evenements/visite/"


def event(**fields):
    values = {
        "title": "Visite de la délégation",
        "slug": "visite",
        "venue": "Hôtel de ville",
        "capacity": 8,
        "accreditation_opens": NOW - timedelta(days=2),
        "accreditation_closes": NOW + timedelta(days=3, hours=3),  # 13 mars à 12:00
        "starts": NOW + timedelta(days=5, hours=1),  # 15 mars à 10:00
        **fields,
    }
    return EventFactory(**values)


def mail_parts(sending, address) -> dict[str, str]:
    envelope = message_to(sending, address)
    return {kind: text.replace("\r\n", "\n") for kind, text in parts_of(envelope).items()}


def test_an_open_event_shows_place_deadline_places_left_and_the_form_in_both_parts(sending, topics):
    subscriber("lea@lavenir.example")
    visit = event()
    AccreditationRequestFactory.create_batch(3, event=visit, status=RequestStatus.APPROVED)
    full_release(topics[0], event=visit)

    run_worker()

    parts = mail_parts(sending, "lea@lavenir.example")
    plain, html = parts["text/plain"], parts["text/html"]
    assert "ACCRÉDITATION PRESSE OBLIGATOIRE\n" in plain
    assert "Visite de la délégation, le 15 mars 2026 à 10:00 — Hôtel de ville" in plain
    assert "Accréditations ouvertes. Demandes jusqu’au 13 mars 2026 à 12:00." in plain
    assert "5 places restantes sur 8 au moment de cet envoi." in plain
    assert f"Demander une accréditation : {FORM}" in plain
    # After the quote, before the contacts, as on the page.
    assert plain.index("Un pont pour tous") < plain.index("ACCRÉDITATION PRESSE")
    assert plain.index("ACCRÉDITATION PRESSE") < plain.index("CONTACT")

    assert "Accréditation presse obligatoire</h2>" in html
    assert f'<a href="{EVENT}">Visite de la délégation</a>' in html
    assert "le 15 mars 2026 à 10:00 — Hôtel de ville" in html
    assert "Demandes jusqu’au 13 mars 2026 à 12:00." in html
    assert "5 places restantes sur 8 au moment de cet envoi." in html
    assert f'<a href="{FORM}"' in html
    assert ">Demander une accréditation</a>" in html


def test_a_full_event_offers_the_waiting_list(sending, topics):
    subscriber("lea@lavenir.example")
    visit = event(capacity=2)
    AccreditationRequestFactory.create_batch(2, event=visit, status=RequestStatus.APPROVED)
    full_release(topics[0], event=visit)

    run_worker()

    for text in mail_parts(sending, "lea@lavenir.example").values():
        assert "Toutes les places sont attribuées" in text
        assert "places restantes" not in text
        assert FORM in text


def test_a_closed_event_says_so_without_the_form(sending, topics):
    subscriber("lea@lavenir.example")
    visit = event(
        accreditation_opens=NOW - timedelta(days=5),
        accreditation_closes=NOW - timedelta(days=1, hours=-3),  # 9 mars à 12:00
    )
    full_release(topics[0], event=visit)

    run_worker()

    parts = mail_parts(sending, "lea@lavenir.example")
    for text in parts.values():
        assert "Accréditations clôturées" in text
        assert "depuis le 9 mars 2026 à 12:00." in text
        assert "Demander une accréditation" not in text
        assert FORM not in text
    assert f"L’événement : {EVENT}" in parts["text/plain"]


def test_the_embargoed_email_to_trusted_journalists_carries_it_too(sending, topics):
    subscriber("lea@lavenir.example", embargo_trusted=True)
    embargo = NOW + timedelta(hours=20)
    full_release(topics[0], event=event(), publication_date=embargo, embargo_until=embargo)

    run_worker()

    parts = mail_parts(sending, "lea@lavenir.example")
    assert parts["text/plain"].startswith("SOUS EMBARGO jusqu’au")
    for text in parts.values():
        assert "8 places restantes sur 8 au moment de cet envoi." in text
        assert FORM in text
    assert "ACCRÉDITATION PRESSE OBLIGATOIRE" in parts["text/plain"]
    assert "Accréditation presse obligatoire</h2>" in parts["text/html"]


def test_a_release_without_event_has_no_box(sending, topics):
    subscriber("lea@lavenir.example")
    full_release(topics[0])

    run_worker()

    for text in mail_parts(sending, "lea@lavenir.example").values():
        assert "accréditation presse obligatoire" not in text.lower()
        assert "/accreditations/" not in text
