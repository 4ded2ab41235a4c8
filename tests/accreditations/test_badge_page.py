"""The badge page, as its holder reads it on the day: the event, themselves, the door, the exit."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils.timezone import localtime

from accreditations import badges, links
from accreditations.models import RequestStatus, Role
from namur_site.templatetags.site_tags import date_fr
from tests.accreditations.day import approved
from tests.accreditations.factories import NOW, EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demanding_event(now):
    return EventFactory(
        title="Réception de fin d’année",
        slug="reception-fin-d-annee",
        venue="Hôtel de Ville, salle du Conseil, place d’Armes 1, 5000 Namur",
        starts=NOW + timedelta(days=7),
        ends=NOW + timedelta(days=7, hours=2, minutes=30),
        capacity=10,
        requires_photo=True,
        requires_identity_details=True,
    )


def day_and_time(moment) -> tuple[str, str]:
    return date_fr(moment, "l j F Y"), f"{localtime(moment):%H:%M}"


def text_of(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_the_badge_page_shows_what_its_holder_needs(client, demanding_event):
    accreditation = approved(
        demanding_event, first_name="Claire", last_name="Dumont", outlet="L’Avenir Namur"
    )
    accreditation.role = Role.PHOTOGRAPHER
    accreditation.save()
    link = badges.personal_path(accreditation.badge)

    response = client.get(link)
    html, text = unescape(response.content.decode()), text_of(response)

    assert "Réception de fin d’année" in text
    (day, start), (_day, end) = map(day_and_time, (demanding_event.starts, demanding_event.ends))
    assert f"{day}, de {start} à {end}" in text
    assert "Hôtel de Ville, salle du Conseil, place d’Armes 1, 5000 Namur" in text
    assert "Claire Dumont L’Avenir Namur Photographe" in text
    assert f"Référence {accreditation.reference}" in text
    assert badges.code_of(accreditation.badge) in text
    assert 'src="data:image/svg+xml' in html
    assert "présentez ce code QR à l’accueil presse" in text
    assert f'href="{link}pdf/"' in html
    assert 'href="/accreditations/evenements/reception-fin-d-annee/agenda.ics"' in html
    assert f'href="{links.cancel_path(accreditation)}"' in html
    for form_state in ("Clôture des demandes", "Places presse", "restantes", "À fournir en plus"):
        assert form_state not in text


def test_its_cancel_link_leads_to_the_cancel_button(client, demanding_event):
    accreditation = approved(demanding_event)
    html = client.get(badges.personal_path(accreditation.badge)).content.decode()
    [cancel] = re.findall(r'href="(/accreditations/annulation/[^"]+)"', html)

    page = unescape(client.get(cancel).content.decode())

    assert "Annuler" in page
    assert accreditation.reference in page


def test_once_the_event_has_started_the_page_offers_no_cancellation(
    client, demanding_event, time_machine
):
    accreditation = approved(demanding_event)
    time_machine.move_to(demanding_event.starts + timedelta(minutes=5), tick=False)

    response = client.get(badges.personal_path(accreditation.badge))

    assert response.status_code == 200
    assert "/accreditations/annulation/" not in response.content.decode()
    assert "Vous ne pouvez plus venir" not in unescape(response.content.decode())
    assert accreditation.status == RequestStatus.APPROVED


def test_an_event_over_two_days_says_from_when_to_when(client, now):
    event = EventFactory(starts=NOW + timedelta(days=7), ends=NOW + timedelta(days=8, hours=8))
    accreditation = approved(event)

    text = text_of(client.get(badges.personal_path(accreditation.badge)))

    (first, start), (last, end) = map(day_and_time, (event.starts, event.ends))
    assert f"Du {first} à {start} au {last} à {end}" in text
