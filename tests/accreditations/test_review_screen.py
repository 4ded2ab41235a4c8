"""One request on one screen: documents previewed, places shown, decided from the page itself."""

from html import unescape

import pytest
from django.core import mail

from accreditations.models import AccreditationRequest, RequestStatus
from tests.accreditations.factories import AccreditationRequestFactory, EventFactory
from tests.site.test_layout import InlineCodeFinder

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/accreditations/accreditationrequest/"


def page_url(accreditation) -> str:
    return f"{CHANGELIST}{accreditation.pk}/change/"


def decide(client, accreditation, decision, reason=""):
    return client.post(
        f"{CHANGELIST}{accreditation.pk}/decision/",
        {"decision": decision, "reason": reason},
        follow=True,
    )


def text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def reviewer(client, make_staff):
    user = make_staff(
        "presse",
        "view_accreditationrequest",
        "review_accreditationrequest",
        "download_documents",
    )
    client.force_login(user)
    return user


@pytest.fixture
def event_of_five(now):
    event = EventFactory(title="Conférence au Delta", capacity=5)
    AccreditationRequestFactory.create_batch(2, event=event, status=RequestStatus.APPROVED)
    return event


def test_the_page_shows_the_places_the_waiting_list_and_the_buttons(
    client, reviewer, event_of_five
):
    AccreditationRequestFactory.create_batch(2, event=event_of_five, status="waitlisted")
    accreditation = AccreditationRequestFactory(event=event_of_five, outlet="Canal Zoom")

    response = client.get(page_url(accreditation))

    html = text(response)
    assert response.status_code == 200
    assert "Places presse pour « Conférence au Delta » :" in html
    assert "3 places restantes sur 5" in html
    assert "Liste d’attente : 2 demandes." in html
    for label in ("Accepter", "Liste d’attente", "Refuser"):
        assert 'class="button review-' in html
        assert f">{label}</button>" in html
    assert '<label for="id_decision_reason">Motif du refus' in html
    assert "Canal Zoom" in html
    assert "BE-12345" in html


def test_the_page_says_full_and_a_waiting_request_its_rank(client, reviewer, now):
    event = EventFactory(capacity=1)
    AccreditationRequestFactory(event=event, status=RequestStatus.APPROVED)
    AccreditationRequestFactory(event=event, status=RequestStatus.WAITLISTED)
    second = AccreditationRequestFactory(event=event, status=RequestStatus.WAITLISTED)

    html = text(client.get(page_url(second)))

    assert "Complet : 1 place acceptée sur 1" in html
    assert "n<sup>o</sup> 2 de la liste d’attente" in html
    # The button of the state the request is in is not offered again.
    assert ">Liste d’attente</button>" not in html


def test_the_page_runs_under_the_csp_with_no_inline_code(client, reviewer, stored):
    response = client.get(page_url(stored))

    finder = InlineCodeFinder()
    finder.feed(response.content.decode())
    assert finder.found == []
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert '<link rel="stylesheet" href="/static/css/admin-accreditations.css">' in text(response)


def test_documents_are_previewed_through_the_checked_view_only(client, reviewer, stored):
    html = text(client.get(page_url(stored)))
    base = f"{CHANGELIST}{stored.pk}/document/"

    assert f'<img src="{base}id_document/?apercu=1" alt="Pièce d’identité de la demande' in html
    assert f'<img src="{base}photo/?apercu=1" alt="Photo d’identité de la demande' in html
    assert f'<a href="{base}assignment_letter/">Télécharger le PDF (lettre de mission)</a>' in html
    assert "/media/" not in html
    assert "private" not in html.lower().split("<body")[1]

    image = client.get(f"{base}photo/?apercu=1")
    assert image.status_code == 200
    assert image["Content-Type"] == "image/jpeg"
    assert image["Content-Disposition"].startswith("inline;")
    for word in ("no-cache", "no-store", "must-revalidate", "private"):
        assert word in image["Cache-Control"]
    # A PDF is never shown in the page's origin: it is downloaded, even when asked for a preview.
    letter = client.get(f"{base}assignment_letter/?apercu=1")
    assert letter["Content-Disposition"].startswith("attachment;")


def test_without_the_download_permission_nothing_is_previewed(client, make_staff, stored):
    client.force_login(
        make_staff("accueil", "view_accreditationrequest", "review_accreditationrequest")
    )

    html = text(client.get(page_url(stored)))

    assert "<img" not in html.split('id="documents-heading"')[1]
    assert "Vous n’avez pas l’autorisation de consulter les documents." in html
    assert client.get(f"{CHANGELIST}{stored.pk}/document/photo/?apercu=1").status_code == 403


def test_accept_from_the_page(client, reviewer, event_of_five, django_capture_on_commit_callbacks):
    accreditation = AccreditationRequestFactory(event=event_of_five)

    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, accreditation, "approve")

    assert response.redirect_chain[-1][0] == page_url(accreditation)
    html = text(response)
    assert "1 demande acceptée ; la personne est prévenue par e-mail." in html
    assert "2 places restantes sur 5" in html
    accreditation.refresh_from_db()
    assert (accreditation.status, accreditation.decided_by) == (RequestStatus.APPROVED, reviewer)
    [message] = mail.outbox
    assert message.subject.startswith("Accréditation acceptée")


def test_waitlist_from_the_page(
    client, reviewer, event_of_five, django_capture_on_commit_callbacks
):
    accreditation = AccreditationRequestFactory(event=event_of_five)

    with django_capture_on_commit_callbacks(execute=True):
        html = text(decide(client, accreditation, "waitlist"))

    assert "1 demande placée en liste d’attente ; la personne est prévenue par e-mail." in html
    assert "placée en attente par le service presse" in html
    accreditation.refresh_from_db()
    assert accreditation.status == RequestStatus.WAITLISTED
    assert mail.outbox[0].subject.startswith("Accréditation en liste d’attente")


def test_refuse_from_the_page_needs_a_reason(
    client, reviewer, event_of_five, django_capture_on_commit_callbacks
):
    accreditation = AccreditationRequestFactory(event=event_of_five)

    html = text(decide(client, accreditation, "reject", reason="   "))
    assert "Indiquez le motif du refus : il est envoyé à la personne." in html
    accreditation.refresh_from_db()
    assert accreditation.status == RequestStatus.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        html = text(decide(client, accreditation, "reject", reason="Média hors zone <b>."))

    assert "1 demande refusée ; la personne reçoit le motif par e-mail." in html
    accreditation.refresh_from_db()
    assert accreditation.status == RequestStatus.REJECTED
    assert accreditation.decision_reason == "Média hors zone <b>."
    assert "Motif : Média hors zone <b>." in mail.outbox[0].body


def test_accept_when_full_is_refused_with_a_french_message(client, reviewer, now):
    event = EventFactory(capacity=1)
    AccreditationRequestFactory(event=event, status=RequestStatus.APPROVED)
    accreditation = AccreditationRequestFactory(event=event)

    html = text(decide(client, accreditation, "approve"))

    assert "1 demande n’a pas été acceptée, faute de place" in html
    accreditation.refresh_from_db()
    assert accreditation.status == RequestStatus.PENDING
    assert not mail.outbox


def test_staff_pick_someone_from_the_waiting_list(
    client, reviewer, now, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=2)
    AccreditationRequestFactory(event=event, status=RequestStatus.APPROVED)
    first = AccreditationRequestFactory(event=event, status=RequestStatus.WAITLISTED)
    picked = AccreditationRequestFactory(event=event, status=RequestStatus.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        decide(client, picked, "approve")

    assert AccreditationRequest.objects.get(pk=picked.pk).status == RequestStatus.APPROVED
    assert AccreditationRequest.objects.get(pk=first.pk).status == RequestStatus.WAITLISTED
    assert [m.to for m in mail.outbox] == [[picked.email]]


def test_refusing_an_approved_request_gives_its_place_to_the_first_waiting(
    client, reviewer, now, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    approved = AccreditationRequestFactory(event=event, status=RequestStatus.APPROVED)
    first = AccreditationRequestFactory(event=event, status=RequestStatus.WAITLISTED)
    second = AccreditationRequestFactory(event=event, status=RequestStatus.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        html = text(decide(client, approved, "reject", reason="Désistement du média."))

    assert "acceptée et prévenue par e-mail : " + first.reference in html
    statuses = {r.pk: r.status for r in AccreditationRequest.objects.all()}
    assert statuses == {
        approved.pk: RequestStatus.REJECTED,
        first.pk: RequestStatus.APPROVED,
        second.pk: RequestStatus.WAITLISTED,
    }
    assert sorted(m.subject.split(" —")[0] for m in mail.outbox) == [
        "Accréditation acceptée",
        "Accréditation refusée",
    ]


def test_moving_an_approved_request_to_the_waiting_list_promotes_the_one_before_it(
    client, reviewer, now, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    waiting = AccreditationRequestFactory(event=event, status=RequestStatus.WAITLISTED)
    approved = AccreditationRequestFactory(event=event, status=RequestStatus.APPROVED)

    with django_capture_on_commit_callbacks(execute=True):
        decide(client, approved, "waitlist")

    # The request staff just put on the list stays there; the place goes to the one waiting.
    assert AccreditationRequest.objects.get(pk=approved.pk).status == RequestStatus.WAITLISTED
    assert AccreditationRequest.objects.get(pk=waiting.pk).status == RequestStatus.APPROVED


def test_without_the_review_permission_there_are_no_buttons(client, make_staff, event):
    accreditation = AccreditationRequestFactory(event=event)
    client.force_login(make_staff("lecteur", "view_accreditationrequest"))

    html = text(client.get(page_url(accreditation)))
    response = decide(client, accreditation, "approve")

    assert "review-approve" not in html
    assert "Sans limite de places" in html
    assert response.status_code == 403
    assert AccreditationRequest.objects.get().status == RequestStatus.PENDING


def test_the_decision_address_takes_posts_only(client, reviewer, event):
    accreditation = AccreditationRequestFactory(event=event)

    assert client.get(f"{CHANGELIST}{accreditation.pk}/decision/").status_code == 405


def test_a_cancelled_request_can_no_longer_be_decided(client, reviewer, event, now):
    accreditation = AccreditationRequestFactory(
        event=event, status=RequestStatus.CANCELLED, decided_at=now
    )

    html = text(client.get(page_url(accreditation)))
    bulk = client.post(
        CHANGELIST, {"action": "approve", "_selected_action": [accreditation.pk]}, follow=True
    )

    assert "Annulée par la personne le 21 novembre 2026 à 10:00" in html
    assert "review-approve" not in html
    assert "inchangée" in text(bulk)
    assert AccreditationRequest.objects.get().status == RequestStatus.CANCELLED


def test_more_places_on_the_event_go_to_the_waiting_list_in_order(
    client, make_staff, now, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1, title="Conférence au Delta", slug="conference-delta")
    AccreditationRequestFactory(event=event, status=RequestStatus.APPROVED)
    first, second, third = AccreditationRequestFactory.create_batch(
        3, event=event, status=RequestStatus.WAITLISTED
    )
    client.force_login(make_staff("chef", "change_event", "view_event"))
    form = client.get(f"/admin/accreditations/event/{event.pk}/change/").context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    for name in ("starts", "ends", "accreditation_opens", "accreditation_closes"):
        value = form[name].value()
        data[f"{name}_0"], data[f"{name}_1"] = value.strftime("%d/%m/%Y"), value.strftime("%H:%M")
    data = {key: value for key, value in data.items() if value is not None}
    data["capacity"] = 3

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/accreditations/event/{event.pk}/change/", data, follow=True)

    html = text(response)
    assert "2 demandes de la liste d’attente acceptées, dans l’ordre d’arrivée" in html
    assert f"{first.reference}, {second.reference}" in html
    statuses = [AccreditationRequest.objects.get(pk=r.pk).status for r in (first, second, third)]
    assert statuses == [RequestStatus.APPROVED, RequestStatus.APPROVED, RequestStatus.WAITLISTED]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email])
