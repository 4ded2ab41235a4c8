"""The journalist cancels through the personal link of the e-mails; the place goes to the next."""

import re
from datetime import timedelta
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.core import mail

from accreditations import links, personal_data, services
from accreditations.models import AccreditationRequest, RequestStatus
from tests.accreditations.conftest import form_data
from tests.accreditations.factories import AccreditationRequestFactory, EventFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return unescape(response.content.decode())


def link_in(message) -> str:
    """Return the path of the cancel link in an e-mail, checking the text and the HTML agree."""
    [url] = re.findall(r"https?://\S+/annulation/\S+/", message.body)
    assert f'href="{url}"' in message.alternatives[0][0]
    return urlsplit(url).path


def test_every_email_of_an_active_request_carries_its_link(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(event.get_form_url(), form_data(event))
    accreditation = AccreditationRequest.objects.get()

    assert "Vous ne pouvez plus venir ? Annulez votre demande" in mail.outbox[0].body
    assert link_in(mail.outbox[0]) == links.cancel_path(accreditation)


@pytest.mark.parametrize(
    "status", [RequestStatus.PENDING, RequestStatus.WAITLISTED, RequestStatus.APPROVED]
)
def test_the_link_cancels_an_active_request(
    client, event, status, django_capture_on_commit_callbacks
):
    accreditation = AccreditationRequestFactory(event=event, status=status)
    url = links.cancel_path(accreditation)

    page = client.get(url)
    assert page.status_code == 200
    assert "Annuler ma demande d’accréditation" in text(page)
    assert accreditation.reference in text(page)
    assert AccreditationRequest.objects.get().status == status  # a GET changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)

    html = text(response)
    assert response.redirect_chain == [(url, 302)]
    assert "Votre demande est annulée. Un e-mail vous le confirme" in html
    assert "Cette demande est annulée" in html
    assert "Oui, annuler ma demande" not in html
    accreditation.refresh_from_db()
    assert accreditation.status == RequestStatus.CANCELLED
    [message] = mail.outbox
    assert message.subject == (
        f"Demande d’accréditation annulée — {event.title} ({accreditation.reference})"
    )
    assert "est annulée, comme vous l’avez demandé" in message.body
    assert "/annulation/" not in message.body


def test_the_page_is_personal(client, event):
    response = client.get(links.cancel_path(AccreditationRequestFactory(event=event)))

    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"
    assert '<link rel="canonical"' not in response.content.decode()


def test_an_approved_cancellation_gives_the_place_to_the_first_waiting(
    client, now, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    approved = AccreditationRequestFactory(event=event, status=RequestStatus.APPROVED)
    first = AccreditationRequestFactory(event=event, status=RequestStatus.WAITLISTED)
    second = AccreditationRequestFactory(event=event, status=RequestStatus.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(links.cancel_path(approved))

    assert [AccreditationRequest.objects.get(pk=r.pk).status for r in (first, second)] == [
        RequestStatus.APPROVED,
        RequestStatus.WAITLISTED,
    ]
    by_address = {message.to[0]: message.subject for message in mail.outbox}
    assert by_address[approved.email].startswith("Demande d’accréditation annulée")
    assert by_address[first.email].startswith("Accréditation acceptée")
    assert second.email not in by_address


def test_a_waiting_cancellation_frees_no_place(client, now, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    AccreditationRequestFactory(event=event, status=RequestStatus.APPROVED)
    leaving = AccreditationRequestFactory(event=event, status=RequestStatus.WAITLISTED)
    staying = AccreditationRequestFactory(event=event, status=RequestStatus.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(links.cancel_path(leaving))

    assert AccreditationRequest.objects.get(pk=staying.pk).status == RequestStatus.WAITLISTED
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "alter",
    [
        lambda signed: signed[:-1] + ("A" if signed[-1] != "A" else "B"),
        lambda signed: signed.split(":")[0],
        lambda signed: "ACC-AAAA-BBBB:" + signed.split(":")[1],
    ],
    ids=["signature changée", "sans signature", "autre référence"],
)
def test_an_altered_link_is_refused(client, event, alter):
    accreditation = AccreditationRequestFactory(event=event)
    signed = links.cancel_path(accreditation).rstrip("/").rsplit("/", 1)[1]
    url = f"/accreditations/annulation/{alter(signed)}/"

    page = client.get(url)
    post = client.post(url)

    assert page.status_code == post.status_code == 404
    assert "Ce lien n’est pas valable" in text(page)
    assert AccreditationRequest.objects.get().status == RequestStatus.PENDING


def test_after_the_event_started_cancellation_is_refused(client, event, time_machine):
    accreditation = AccreditationRequestFactory(event=event, status=RequestStatus.APPROVED)
    url = links.cancel_path(accreditation)
    time_machine.move_to(event.starts + timedelta(minutes=1), tick=False)

    page = client.get(url)
    post = client.post(url)

    assert "Oui, annuler ma demande" not in text(page)
    assert "L’événement a commencé : la demande ne peut plus être annulée." in text(page)
    assert post.status_code == 403
    assert "L’événement a commencé : la demande ne peut plus être annulée." in text(post)
    assert AccreditationRequest.objects.get().status == RequestStatus.APPROVED
    assert not mail.outbox


def test_a_refused_request_has_nothing_to_cancel(client, event):
    accreditation = AccreditationRequestFactory(event=event, status=RequestStatus.REJECTED)
    url = links.cancel_path(accreditation)

    assert "Cette demande a été refusée : il n’y a rien à annuler." in text(client.get(url))
    response = client.post(url)
    assert response.status_code == 403
    assert "Cette demande n’est plus en cours : il n’y a rien à annuler." in text(response)
    assert AccreditationRequest.objects.get().status == RequestStatus.REJECTED


def test_an_erased_request_has_no_page(client, event):
    accreditation = AccreditationRequestFactory(event=event)
    url = links.cancel_path(accreditation)
    personal_data.anonymise(accreditation=accreditation)

    assert client.get(url).status_code == 404


def test_after_cancelling_the_journalist_may_ask_again(client, event):
    accreditation = AccreditationRequestFactory(event=event, email="claire.dumont@example.org")
    client.post(links.cancel_path(accreditation))

    response = client.post(event.get_form_url(), form_data(event))

    assert response.status_code == 302
    assert AccreditationRequest.objects.filter(status=RequestStatus.PENDING).count() == 1


def test_the_rejection_email_has_no_cancel_link(event, django_capture_on_commit_callbacks):
    accreditation = AccreditationRequestFactory(event=event)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(requests=[accreditation], status=RequestStatus.REJECTED, reason="Non.")

    assert "/annulation/" not in mail.outbox[0].body
