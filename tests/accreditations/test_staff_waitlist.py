"""A place that frees up goes to requests that found the event full, in order; staff's own
waiting list stays as staff left it."""

from html import unescape

import pytest
from django.core import mail

from accreditations import links, services
from accreditations.models import AccreditationRequest, RequestStatus
from tests.accreditations.conftest import form_data
from tests.accreditations.factories import AccreditationRequestFactory, EventFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/accreditations/accreditationrequest/"


@pytest.fixture
def reviewer(client, make_staff):
    user = make_staff(
        "presse", "view_accreditationrequest", "review_accreditationrequest", "view_event"
    )
    client.force_login(user)
    return user


def state(request) -> tuple[str, bool]:
    row = AccreditationRequest.objects.get(pk=request.pk)
    return row.status, row.waitlisted_by_staff


def send_form(client, event, email, capture):
    with capture(execute=True):
        client.post(event.get_form_url(), form_data(event, email=email))
    return AccreditationRequest.objects.get(email=email)


def test_staff_waitlisted_with_places_left_stays_waitlisted_when_another_cancels(
    client, reviewer, now, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=3)
    leaving = AccreditationRequestFactory(event=event, status=RequestStatus.APPROVED)
    held = AccreditationRequestFactory(event=event)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CHANGELIST, {"action": "waitlist", "_selected_action": [held.pk]})
    [told] = mail.outbox
    assert "Le service presse a placé votre demande" in told.body
    assert "dans l’ordre d’arrivée" not in told.body
    mail.outbox.clear()
    client.logout()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(links.cancel_path(leaving))

    assert state(held) == (RequestStatus.WAITLISTED, True)
    assert [message.to for message in mail.outbox] == [[leaving.email]]
    assert mail.outbox[0].subject.startswith("Demande d’accréditation annulée")


def test_requests_that_found_the_event_full_get_freed_places_in_order(
    client, now, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=2)
    taken = AccreditationRequestFactory.create_batch(2, event=event, status=RequestStatus.APPROVED)
    arrivals = [
        send_form(client, event, f"arrivee{n}@example.org", django_capture_on_commit_callbacks)
        for n in range(3)
    ]
    assert [state(r) for r in arrivals] == [(RequestStatus.WAITLISTED, False)] * 3
    held = AccreditationRequestFactory(event=event)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(requests=[held], status=RequestStatus.WAITLISTED)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(links.cancel_path(taken[0]))
        client.post(links.cancel_path(taken[1]))

    assert [state(r)[0] for r in arrivals] == [
        RequestStatus.APPROVED,
        RequestStatus.APPROVED,
        RequestStatus.WAITLISTED,
    ]
    assert state(held) == (RequestStatus.WAITLISTED, True)
    accepted = sorted(m.to[0] for m in mail.outbox if m.subject.startswith("Accréditation acc"))
    assert accepted == ["arrivee0@example.org", "arrivee1@example.org"]
    assert held.email not in {m.to[0] for m in mail.outbox}
    third = AccreditationRequest.objects.get(pk=arrivals[2].pk)
    assert third.waiting_list_position() == 1


def test_a_freed_place_skips_staff_s_waiting_list_for_the_next_full_event_arrival(
    client, now, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    approved = AccreditationRequestFactory(event=event, status=RequestStatus.APPROVED)
    held = AccreditationRequestFactory(event=event)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(requests=[held], status=RequestStatus.WAITLISTED)
    later = send_form(client, event, "plus.tard@example.org", django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.decide(
            requests=[approved], status=RequestStatus.REJECTED, reason="Désistement."
        )

    assert outcome.promoted == [later]
    assert state(later) == (RequestStatus.APPROVED, False)
    assert state(held) == (RequestStatus.WAITLISTED, True)


def test_raising_the_capacity_leaves_staff_s_waiting_list_alone(now):
    event = EventFactory(capacity=1)
    AccreditationRequestFactory(event=event, status=RequestStatus.APPROVED)
    held = AccreditationRequestFactory(event=event)
    services.decide(requests=[held], status=RequestStatus.WAITLISTED)
    full = AccreditationRequestFactory(event=event, status=RequestStatus.WAITLISTED)
    event.capacity = 5
    event.save()

    assert services.fill_freed_places(event=event) == [full]
    assert state(held) == (RequestStatus.WAITLISTED, True)


def test_staff_decide_again_and_the_mark_goes(now):
    event = EventFactory(capacity=2)
    held = AccreditationRequestFactory(event=event)
    services.decide(requests=[held], status=RequestStatus.WAITLISTED)

    services.decide(requests=[held], status=RequestStatus.APPROVED)

    assert state(held) == (RequestStatus.APPROVED, False)


def test_staff_see_why_each_request_waits(
    client, reviewer, now, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    AccreditationRequestFactory(event=event, status=RequestStatus.APPROVED)
    full = send_form(client, event, "complet@example.org", django_capture_on_commit_callbacks)
    held = AccreditationRequestFactory(event=event)
    services.decide(requests=[held], status=RequestStatus.WAITLISTED)

    listing = unescape(client.get(CHANGELIST).content.decode())
    by_staff = client.get(CHANGELIST, {"attente": "service-presse"}).context["cl"].result_list
    by_capacity = client.get(CHANGELIST, {"attente": "complet"}).context["cl"].result_list
    held_page = unescape(client.get(f"{CHANGELIST}{held.pk}/change/").content.decode())
    full_page = unescape(client.get(f"{CHANGELIST}{full.pk}/change/").content.decode())

    assert "Liste d’attente (service presse)" in listing
    assert "Liste d’attente (événement complet)" in listing
    assert [r.pk for r in by_staff] == [held.pk]
    assert [r.pk for r in by_capacity] == [full.pk]
    assert "placée en attente par le service presse" in held_page
    assert "de la liste d’attente" not in held_page.split("placée en attente")[0][-200:]
    assert "1 de la liste d’attente (événement complet" in full_page


def test_the_journalist_waitlisted_by_staff_is_promised_no_automatic_place(
    client, now, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=5)
    held = AccreditationRequestFactory(event=event)
    services.decide(requests=[held], status=RequestStatus.WAITLISTED)

    page = unescape(client.get(held.get_absolute_url()).content.decode())

    assert "Le service presse a placé votre demande sur la liste d’attente" in page
    assert "Le service presse vous écrira s’il change sa décision" in page
    assert "dans l’ordre d’arrivée" not in page
