"""A full event's pages promise the waiting list: a new request goes there, and is told so."""

from html import unescape

import pytest
from django.core import mail

from accreditations import services
from accreditations.models import AccreditationRequest, RequestStatus
from tests.accreditations.conftest import form_data
from tests.accreditations.factories import AccreditationRequestFactory, EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_event(now):
    event = EventFactory(title="Conférence au Delta", slug="conference-delta", capacity=2)
    AccreditationRequestFactory.create_batch(2, event=event, status=RequestStatus.APPROVED)
    return event


def submit(client, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(event.get_form_url(), form_data(event))


def page(response) -> str:
    return unescape(response.content.decode())


def test_the_full_event_promises_the_waiting_list(client, full_event):
    for url in (full_event.get_absolute_url(), full_event.get_form_url()):
        assert "les nouvelles demandes sont placées en liste d’attente" in page(client.get(url))


def test_a_request_for_a_full_event_is_waitlisted_and_told_so(
    client, full_event, django_capture_on_commit_callbacks
):
    response = submit(client, full_event, django_capture_on_commit_callbacks)

    accreditation = AccreditationRequest.objects.get(email="claire.dumont@example.org")
    assert response.status_code == 302
    assert accreditation.status == RequestStatus.WAITLISTED
    assert accreditation.decided_at is None
    assert accreditation.mail_state == "sent"

    confirmation = page(client.get(response["Location"]))
    assert "Votre demande est en liste d’attente" in confirmation
    assert "Toutes les places presse de cet événement étaient attribuées" in confirmation
    assert "Si une place se libère avant l’événement du samedi 28 novembre 2026" in confirmation
    assert "Tant que vous n’avez pas reçu cet e-mail d’acceptation" in confirmation
    assert "Si elle est acceptée, présentez-vous" not in confirmation

    [message] = mail.outbox
    assert message.subject == (
        f"Demande d’accréditation reçue, en liste d’attente — Conférence au Delta "
        f"({accreditation.reference})"
    )
    html = message.alternatives[0][0]
    for text in (message.body, html):
        assert "Nous avons bien reçu votre demande d’accréditation" in text
        assert "votre demande est placée en liste d’attente" in text
        assert "Elle n’est pas acceptée pour le moment." in text
        assert (
            "Si une place se libère avant l’événement, elle est donnée à la liste d’attente" in text
        )
        assert "ne vous présentez pas à l’accueil presse" in text
        assert "vous envoie sa décision" not in text


@pytest.mark.parametrize(
    ("capacity", "others"),
    [
        (None, [RequestStatus.APPROVED] * 3),  # no capacity: never full
        (2, [RequestStatus.APPROVED]),  # one place left
        (
            1,
            [RequestStatus.PENDING, RequestStatus.WAITLISTED, RequestStatus.REJECTED],
        ),  # only approvals take places
    ],
)
def test_a_request_with_places_left_stays_pending(
    client, now, capacity, others, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=capacity)
    for status in others:
        AccreditationRequestFactory(event=event, status=status)

    submit(client, event, django_capture_on_commit_callbacks)

    accreditation = AccreditationRequest.objects.get(email="claire.dumont@example.org")
    assert accreditation.status == RequestStatus.PENDING
    assert mail.outbox[0].subject.startswith("Demande d’accréditation reçue — ")
    assert "liste d’attente" not in mail.outbox[0].body
    confirmation = page(client.get(accreditation.get_absolute_url()))
    assert "Votre demande est en liste d’attente" not in confirmation


def test_staff_see_it_on_the_waiting_list(
    client, full_event, make_staff, django_capture_on_commit_callbacks
):
    submit(client, full_event, django_capture_on_commit_callbacks)
    accreditation = AccreditationRequest.objects.get(email="claire.dumont@example.org")
    client.force_login(make_staff("presse", "view_accreditationrequest", "view_event"))

    listed = client.get(
        "/admin/accreditations/accreditationrequest/?status__exact=waitlisted"
    ).context["cl"]
    events = client.get("/admin/accreditations/event/").content.decode()

    assert [row.pk for row in listed.result_list] == [accreditation.pk]
    assert (
        "Liste d’attente"
        in client.get("/admin/accreditations/accreditationrequest/").content.decode()
    )
    assert f'event__id__exact={full_event.pk}&amp;status__exact=waitlisted">1</a>' in events


def test_a_place_freed_goes_to_the_waiting_list_with_the_approval_email(
    client, full_event, django_capture_on_commit_callbacks
):
    submit(client, full_event, django_capture_on_commit_callbacks)
    accreditation = AccreditationRequest.objects.get(email="claire.dumont@example.org")
    taken = AccreditationRequest.objects.filter(status=RequestStatus.APPROVED).first()

    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.decide(
            requests=[taken], status=RequestStatus.REJECTED, reason="Désistement."
        )

    assert outcome.promoted == [accreditation]
    accreditation.refresh_from_db()
    assert accreditation.status == RequestStatus.APPROVED
    assert mail.outbox[-1].to == ["claire.dumont@example.org"]
    assert mail.outbox[-1].subject.startswith("Accréditation acceptée")


def test_resending_the_acknowledgment_keeps_the_waiting_list(
    client, full_event, django_capture_on_commit_callbacks
):
    submit(client, full_event, django_capture_on_commit_callbacks)
    accreditation = AccreditationRequest.objects.get(email="claire.dumont@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        services.resend_status_email(accreditation=accreditation)

    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == mail.outbox[0].subject
    assert "votre demande est placée en liste d’attente" in mail.outbox[1].body


def test_a_request_waitlisted_by_staff_is_not_said_to_have_found_the_event_full(
    client, event, django_capture_on_commit_callbacks
):
    accreditation = AccreditationRequestFactory(event=event)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(requests=[accreditation], status=RequestStatus.WAITLISTED)

    confirmation = page(client.get(accreditation.get_absolute_url()))

    assert "Votre demande est en liste d’attente" in confirmation
    assert "Le service presse a placé votre demande sur la liste d’attente" in confirmation
    assert "étaient attribuées" not in confirmation
    assert mail.outbox[0].subject.startswith("Accréditation en liste d’attente — ")
