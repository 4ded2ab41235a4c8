"""The demo content of the accreditations."""

import pytest

from accreditations import demo
from accreditations.models import AccreditationRequest, Event, RequestStatus

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(Event.objects.values().order_by("slug")),
        list(AccreditationRequest.objects.values().order_by("reference")),
    )


def test_demo_has_each_state_and_loads_once(now):
    demo.load()
    first = snapshot()

    assert demo.load() == "4 événements, 13 demandes d’accréditation (ajouts : 0)"
    assert snapshot() == first
    assert Event.objects.accreditation_open().count() == 2
    assert Event.objects.accreditation_upcoming().count() == 1
    assert any(event.is_closed for event in Event.objects.all())
    assert Event.objects.filter(capacity__isnull=False).exists()
    assert set(AccreditationRequest.objects.values_list("status", flat=True)) == set(RequestStatus)


def test_demo_confirmation_page_exists(client, now):
    demo.load()
    accreditation = AccreditationRequest.objects.get(reference="ACC-DEMA-2345")

    assert client.get(accreditation.get_absolute_url()).status_code == 200
