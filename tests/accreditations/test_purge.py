"""Personal data has an end: the purge after the retention period, and erasure on request."""

import io
import itertools
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command

from accreditations.models import AccreditationRequest, Event, RequestStatus
from tests.accreditations.conftest import PDF, jpeg_bytes
from tests.accreditations.factories import AccreditationRequestFactory, EventFactory

pytestmark = pytest.mark.django_db

PERSONAL = {
    "first_name": "Claire",
    "last_name": "Dumont",
    "email": "claire.dumont@example.org",
    "phone": "+32 470 12 34 56",
    "outlet": "L’Avenir Namur",
    "press_card_number": "BE-98765",
    "equipment": "Trépied",
    "remarks": "Arrivée en retard",
    "nationality": "belge",
}


NUMBERS = itertools.count()


def make_request(event, status=RequestStatus.APPROVED, **fields):
    accreditation = AccreditationRequestFactory(
        event=event,
        status=status,
        date_of_birth="1985-04-12",
        decision_reason="Motif qui cite Claire Dumont" if status == RequestStatus.REJECTED else "",
        **{**PERSONAL, "email": f"{next(NUMBERS)}-{PERSONAL['email']}", **fields},
    )
    accreditation.id_document.save("carte.pdf", ContentFile(PDF))
    accreditation.photo.save("photo.jpg", ContentFile(jpeg_bytes()))
    LogEntry.objects.create(
        user=_admin(),
        content_type=ContentType.objects.get_for_model(AccreditationRequest),
        object_id=str(accreditation.pk),
        object_repr="Claire Dumont (L’Avenir Namur)",
        action_flag=CHANGE,
        change_message="Adresse corrigée : claire.dumont@example.org",
    )
    return accreditation


def _admin():
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username="admin", defaults={"is_staff": True})
    return user


@pytest.fixture
def past_event(now):
    """An event that ended 91 days ago, one more than the default retention."""
    ends = now - timedelta(days=91)
    return EventFactory(
        title="Fêtes de Wallonie",
        starts=ends - timedelta(hours=4),
        ends=ends,
        accreditation_opens=ends - timedelta(days=30),
        accreditation_closes=ends - timedelta(days=2),
    )


@pytest.fixture
def recent_event(now):
    """An event that ended 89 days ago: still within the retention period."""
    ends = now - timedelta(days=89)
    return EventFactory(
        starts=ends - timedelta(hours=4),
        ends=ends,
        accreditation_opens=ends - timedelta(days=30),
        accreditation_closes=ends - timedelta(days=2),
    )


def purge(*args) -> str:
    out = io.StringIO()
    call_command("purge_accreditations", *args, stdout=out)
    return out.getvalue()


def personal_values(accreditation) -> list:
    accreditation.refresh_from_db()
    return [getattr(accreditation, name) for name in PERSONAL] + [
        accreditation.date_of_birth,
        accreditation.decision_reason,
        accreditation.id_document.name,
        accreditation.photo.name,
    ]


def test_dry_run_changes_nothing(past_event, private_media):
    accreditation = make_request(past_event)
    before = AccreditationRequest.objects.values().get()
    files = sorted(private_media.rglob("*.*"))

    output = purge("--dry-run")

    assert "1 demande(s) seraient anonymisées, 2 fichier(s) seraient effacés." in output
    assert "Simulation : rien n’a été modifié." in output
    assert "Fêtes de Wallonie" in output
    assert AccreditationRequest.objects.values().get() == before
    assert sorted(private_media.rglob("*.*")) == files
    assert LogEntry.objects.get().object_repr == "Claire Dumont (L’Avenir Namur)"
    assert accreditation.reference in AccreditationRequest.objects.values_list(
        "reference", flat=True
    )


def test_purge_erases_personal_data_files_and_history_but_keeps_counts(
    past_event, private_media, django_capture_on_commit_callbacks
):
    requests = [
        make_request(past_event, RequestStatus.APPROVED),
        make_request(past_event, RequestStatus.APPROVED),
        make_request(past_event, RequestStatus.REJECTED),
        make_request(past_event, RequestStatus.WAITLISTED),
    ]
    paths = [Path(r.id_document.path) for r in requests] + [Path(r.photo.path) for r in requests]
    assert all(path.is_file() for path in paths)

    with django_capture_on_commit_callbacks(execute=True):
        output = purge()

    assert "4 demande(s) anonymisées, 8 fichier(s) effacé(s)." in output
    for accreditation in requests:
        assert personal_values(accreditation) == [""] * len(PERSONAL) + [None, "", "", ""]
        assert accreditation.anonymised_at is not None
        assert accreditation.reference.startswith("ACC-")
    assert not any(path.exists() for path in paths)
    assert not list((private_media / "accreditations").rglob("*.*"))
    # What stays is the erasure journal, naming the references only, for a restore to redo it.
    journal = private_media / "erasures" / "accreditations.accreditationrequest"
    assert sorted(path.name for path in journal.iterdir()) == sorted(r.reference for r in requests)
    assert not any(b"Claire" in path.read_bytes() for path in journal.iterdir())
    dump = " ".join(
        f"{entry.object_repr} {entry.change_message}" for entry in LogEntry.objects.all()
    )
    assert "Claire" not in dump
    assert "example.org" not in dump
    assert "Données personnelles effacées." in dump
    counts = Event.objects.with_counts().get(pk=past_event.pk)
    assert (counts.approved_count, counts.rejected_count, counts.waitlisted_count) == (2, 1, 1)
    assert AccreditationRequest.objects.filter(media_type="print", role="journalist").count() == 4


def test_purge_leaves_events_within_the_retention_period(
    past_event, recent_event, django_capture_on_commit_callbacks
):
    old = make_request(past_event)
    recent = make_request(recent_event)

    with django_capture_on_commit_callbacks(execute=True):
        purge()

    assert personal_values(old)[0] == ""
    assert personal_values(recent)[0] == "Claire"
    assert recent.id_document.storage.exists(recent.id_document.name)


def test_retention_period_is_a_setting(settings, recent_event, django_capture_on_commit_callbacks):
    settings.ACCREDITATION_RETENTION_DAYS = 30
    accreditation = make_request(recent_event)

    with django_capture_on_commit_callbacks(execute=True):
        output = purge()

    assert "Conservation : 30 jours" in output
    assert personal_values(accreditation)[0] == ""


def test_purge_twice_finds_nothing_more(past_event, django_capture_on_commit_callbacks):
    make_request(past_event)
    with django_capture_on_commit_callbacks(execute=True):
        purge()

    assert "0 demande(s) anonymisées" in purge()


def test_anonymised_requests_no_longer_block_the_address(
    past_event, django_capture_on_commit_callbacks
):
    make_request(past_event, RequestStatus.APPROVED)
    make_request(past_event, RequestStatus.APPROVED, email="autre@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        purge()

    assert AccreditationRequest.objects.filter(email="").count() == 2


def test_admin_erases_one_request_on_demand(
    client, make_staff, event, private_media, django_capture_on_commit_callbacks
):
    client.force_login(
        make_staff("dpo", "view_accreditationrequest", "delete_accreditationrequest")
    )
    target = make_request(event)
    other = make_request(event, email="autre@example.org")
    url = "/admin/accreditations/accreditationrequest/"
    selection = {"action": "anonymise", "_selected_action": [target.pk]}

    confirm = client.post(url, selection)
    assert "Oui, anonymiser définitivement" in confirm.content.decode()
    assert personal_values(target)[0] == "Claire"

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {**selection, "apply": "1"}, follow=True)

    assert "1 demande anonymisée (2 fichier(s) effacé(s))." in done.content.decode()
    journal = private_media / "erasures" / "accreditations.accreditationrequest"
    assert [path.name for path in journal.iterdir()] == [target.reference]
    assert personal_values(target) == [""] * len(PERSONAL) + [None, "", "", ""]
    assert personal_values(other)[0] == "Claire"
    assert LogEntry.objects.get(object_id=str(target.pk)).object_repr == str(target)
    assert "Claire" in LogEntry.objects.get(object_id=str(other.pk)).object_repr


def test_erasure_needs_the_permission(client, make_staff, event):
    client.force_login(
        make_staff("presse", "view_accreditationrequest", "review_accreditationrequest")
    )
    target = make_request(event)

    html = client.get("/admin/accreditations/accreditationrequest/").content.decode()
    client.post(
        "/admin/accreditations/accreditationrequest/",
        {"action": "anonymise", "_selected_action": [target.pk], "apply": "1"},
    )

    assert 'value="anonymise"' not in html
    assert personal_values(target)[0] == "Claire"
