"""The home page gathers what each section has to show today."""

import pytest

from tests.accreditations.factories import NOW, EventFactory

pytestmark = pytest.mark.django_db


def test_home_lists_events_whose_accreditation_is_open(client, time_machine):
    time_machine.move_to(NOW, tick=False)
    EventFactory(title="Visite officielle à la Citadelle", capacity=8)
    EventFactory(title="Conseil déjà clôturé", accreditation_closes=NOW.replace(hour=9))

    html = client.get("/").content.decode()

    assert "Accréditations presse ouvertes" in html
    assert "Visite officielle à la Citadelle" in html
    assert "Conseil déjà clôturé" not in html
    assert "Demander une accréditation" in html


def test_home_without_open_events_has_no_empty_section(client):
    assert "Accréditations presse ouvertes" not in client.get("/").content.decode()


def test_home_shows_the_latest_press_releases_and_links_to_the_press_office(client):
    from tests.press.factories import PressReleaseFactory

    PressReleaseFactory(title="Le Bourgmestre accueille une délégation")

    html = client.get("/").content.decode()

    assert "Derniers communiqués de presse" in html
    assert "Le Bourgmestre accueille une délégation" in html
    assert 'href="/presse/espace-presse/"' in html
    assert 'href="/presse/flux.rss"' in html
