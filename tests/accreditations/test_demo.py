"""The demo content of the accreditations."""

from datetime import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from accreditations import badges, demo
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

    assert demo.load() == "5 événements, 17 demandes d’accréditation (ajouts : 0)"
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


@pytest.mark.parametrize(
    "moment",
    [datetime(2027, 3, 28, 8, 30), datetime(2031, 10, 26, 23, 45)],
    ids=["morning-dst-day", "late-evening"],
)
def test_an_event_of_the_day_of_loading_lets_the_press_office_check_badges_in(
    client, time_machine, moment
):
    time_machine.move_to(moment.replace(tzinfo=ZoneInfo("Europe/Brussels")), tick=False)
    demo.load()
    today = timezone.localdate()
    [event] = [e for e in Event.objects.all() if timezone.localdate(e.starts) == today]
    approved = event.requests.filter(status=RequestStatus.APPROVED)
    assert approved.count() >= 2
    assert event.requests.filter(status=RequestStatus.PENDING).exists()  # to approve in the guide
    presse = get_user_model().objects.create_user("accueil", is_staff=True)
    presse.groups.add(Group.objects.get(name="Service presse"))
    client.force_login(presse)

    listed = client.get("/accreditations/arrivees/").content.decode()
    answer = client.post(
        f"/accreditations/arrivees/{event.slug}/",
        {"code": badges.code_of(badges.badge_for(approved[0]))},
    )

    assert event.title in unescape(listed)
    assert "Entrée autorisée" in answer.content.decode()
    assert approved[0].last_name in answer.content.decode()
