"""Review in the admin: filters, decisions one or in bulk, capacity, counts and CSV export."""

import csv
import io

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail

from accreditations.models import AccreditationRequest, OutletType, RequestStatus, Role
from tests.accreditations.factories import AccreditationRequestFactory, EventFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/accreditations/accreditationrequest/"
REVIEWER_PERMISSIONS = ("view_accreditationrequest", "review_accreditationrequest")


@pytest.fixture
def reviewer(client, make_staff):
    user = make_staff("presse", *REVIEWER_PERMISSIONS, "view_event")
    client.force_login(user)
    return user


def act(client, action, requests, **extra):
    data = {"action": action, "_selected_action": [r.pk for r in requests], **extra}
    return client.post(CHANGELIST, data, follow=True)


def statuses(requests):
    return [AccreditationRequest.objects.get(pk=r.pk).status for r in requests]


def test_list_filters_and_search(client, reviewer, event):
    AccreditationRequestFactory(
        event=event, last_name="Lambert", media_type=OutletType.RADIO, role=Role.CAMERA
    )
    AccreditationRequestFactory(event=event, last_name="Marchal", status=RequestStatus.APPROVED)
    AccreditationRequestFactory(event=EventFactory(), last_name="Renard")

    html = client.get(CHANGELIST).content.decode()
    for title in (
        "Par événement",
        "Par état",
        "Par type de média",
        "Par fonction",
        "Par données personnelles",
    ):
        assert title in html

    def listed(query):
        return client.get(CHANGELIST + query).context["cl"].result_count

    assert listed("?status__exact=approved") == 1
    assert listed("?media_type__exact=radio") == 1
    assert listed("?role__exact=camera") == 1
    assert listed(f"?event__id__exact={event.pk}") == 2
    assert listed("?q=lambert") == 1


def test_approve_one_emails_the_journalist_and_logs_without_personal_data(
    client, reviewer, event, django_capture_on_commit_callbacks
):
    accreditation = AccreditationRequestFactory(event=event, first_name="Sophie")

    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, "approve", [accreditation])

    assert "1 demande acceptée ; la personne est prévenue par e-mail." in response.content.decode()
    accreditation.refresh_from_db()
    assert accreditation.status == RequestStatus.APPROVED
    assert accreditation.decided_by == reviewer
    assert len(mail.outbox) == 1
    entry = LogEntry.objects.get()
    assert entry.object_repr == f"Demande {accreditation.reference}"
    assert "Sophie" not in entry.change_message


def test_waitlist_in_bulk(client, reviewer, event, django_capture_on_commit_callbacks):
    requests = AccreditationRequestFactory.create_batch(3, event=event)

    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, "waitlist", requests)

    assert "3 demandes placées en liste d’attente" in response.content.decode()
    assert statuses(requests) == [RequestStatus.WAITLISTED] * 3
    assert len(mail.outbox) == 3


def test_reject_asks_for_a_reason_first(client, reviewer, event):
    requests = AccreditationRequestFactory.create_batch(2, event=event)

    page = act(client, "reject", requests)
    html = page.content.decode()

    assert "Refuser des demandes d’accréditation" in html
    assert "Motif du refus (envoyé à la personne)" in html
    assert statuses(requests) == [RequestStatus.PENDING] * 2

    empty = act(client, "reject", requests, apply="1", reason="  ")
    assert "Indiquez le motif du refus : il est envoyé à la personne." in empty.content.decode()
    assert statuses(requests) == [RequestStatus.PENDING] * 2
    assert not mail.outbox


def test_reject_with_a_reason_emails_it(
    client, reviewer, event, django_capture_on_commit_callbacks
):
    requests = AccreditationRequestFactory.create_batch(2, event=event)

    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, "reject", requests, apply="1", reason="Tribune de presse complète.")

    assert "2 demandes refusées" in response.content.decode()
    assert statuses(requests) == [RequestStatus.REJECTED] * 2
    assert (
        AccreditationRequest.objects.filter(decision_reason="Tribune de presse complète.").count()
        == 2
    )
    assert all("Motif : Tribune de presse complète." in m.body for m in mail.outbox)


def test_approvals_stop_at_the_capacity(client, reviewer, now, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=2)
    AccreditationRequestFactory(event=event, status=RequestStatus.APPROVED)
    waiting = AccreditationRequestFactory.create_batch(3, event=event)

    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, "approve", waiting)

    html = response.content.decode()
    assert "1 demande acceptée" in html
    assert "2 demandes n’ont pas été acceptées, faute de place" in html
    assert statuses(waiting) == [
        RequestStatus.APPROVED,
        RequestStatus.PENDING,
        RequestStatus.PENDING,
    ]
    assert event.requests.filter(status=RequestStatus.APPROVED).count() == 2
    assert len(mail.outbox) == 1


def test_rejecting_an_approved_request_frees_its_place(reviewer, now):
    from accreditations import services

    event = EventFactory(capacity=1)
    approved = AccreditationRequestFactory(event=event, status=RequestStatus.APPROVED)
    waiting = AccreditationRequestFactory(event=event)

    services.decide(requests=[approved], status=RequestStatus.REJECTED, reason="Désistement.")
    outcome = services.decide(requests=[waiting], status=RequestStatus.APPROVED)

    assert outcome.changed == [waiting]


def test_reviewing_needs_the_permission(client, make_staff, event):
    client.force_login(make_staff("lecteur", "view_accreditationrequest"))
    accreditation = AccreditationRequestFactory(event=event)

    html = client.get(CHANGELIST).content.decode()
    response = act(client, "approve", [accreditation])

    assert 'value="approve"' not in html
    assert 'value="export_csv"' in html
    assert response.status_code == 200
    assert statuses([accreditation]) == [RequestStatus.PENDING]


def test_event_list_shows_counts_and_places_left(
    client, reviewer, now, django_assert_max_num_queries
):
    event = EventFactory(title="Visite à la Citadelle", capacity=5)
    for status, count in (
        (RequestStatus.PENDING, 3),
        (RequestStatus.APPROVED, 2),
        (RequestStatus.REJECTED, 1),
        (RequestStatus.WAITLISTED, 1),
    ):
        AccreditationRequestFactory.create_batch(count, event=event, status=status)
    EventFactory.create_batch(3)

    with django_assert_max_num_queries(12):
        response = client.get("/admin/accreditations/event/")

    cl = response.context["cl"]
    row = next(e for e in cl.result_list if e.pk == event.pk)
    assert (row.pending_count, row.approved_count, row.rejected_count) == (3, 2, 1)
    assert row.places_left == 3
    html = response.content.decode()
    assert f'?event__id__exact={event.pk}&amp;status__exact=pending">3</a>' in html


def read_csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_csv_export_opens_in_excel_and_cannot_inject_formulas(client, reviewer, event):
    selected = [
        AccreditationRequestFactory(
            event=event, last_name='=HYPERLINK("http://evil")', first_name="Élodie"
        ),
        AccreditationRequestFactory(event=event, last_name="Noël", outlet="+32 Média"),
        AccreditationRequestFactory(
            event=event, last_name="Zénon", outlet="-2+3", equipment="@SUM(A1)"
        ),
    ]
    AccreditationRequestFactory(event=event, last_name="PasSélectionné")

    response = client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [r.pk for r in selected]}
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="accreditations-')
    rows = read_csv(response)
    assert rows[0][:6] == ["Référence", "Événement", "État", "Nom", "Prénom", "E-mail"]
    assert len(rows) == 4
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://evil")' in cells
    assert "'+32 Média" in cells
    assert "'-2+3" in cells
    assert "'@SUM(A1)" in cells
    assert "Élodie" in cells
    assert "Noël" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert "PasSélectionné" not in cells


def test_requests_cannot_be_added_or_deleted_in_the_admin(client, admin_client, event):
    accreditation = AccreditationRequestFactory(event=event)

    assert admin_client.get(CHANGELIST + "add/").status_code == 403
    delete_url = f"{CHANGELIST}{accreditation.pk}/delete/"
    assert admin_client.get(delete_url).status_code == 403


def test_change_page_shows_document_links_and_lets_staff_fix_the_address(admin_client, event):
    accreditation = AccreditationRequestFactory(event=event)

    response = admin_client.get(f"{CHANGELIST}{accreditation.pk}/change/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="email"' in html
    assert 'name="first_name"' not in html
    assert "aucun" in html


def test_the_decision_names_the_reviewer_by_full_name(
    client, reviewer, event, django_capture_on_commit_callbacks
):
    reviewer.first_name, reviewer.last_name = "Sophie", "Martin"
    reviewer.save()
    accreditation = AccreditationRequestFactory(event=event)
    with django_capture_on_commit_callbacks(execute=True):
        act(client, "approve", [accreditation])

    page = client.get(f"{CHANGELIST}{accreditation.pk}/change/").content.decode()

    assert "Décision par" in page
    assert "Sophie Martin" in page
    # The buttons' box and the record of the decision are two sections with two names.
    assert page.count(">Décision</h2>") == 1
    assert page.count(">Décision enregistrée</h2>") == 1
