"""A failing documents folder loses nothing the journalist typed and leaves no file behind."""

import io
import os
import resource
import signal
from contextlib import contextmanager
from datetime import timedelta
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from accreditations.models import AccreditationRequest
from tests.accreditations.conftest import PDF, form_data
from tests.accreditations.factories import AccreditationRequestFactory, EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vetted_event(now):
    return EventFactory(slug="visite-securisee", requires_id_document=True)


def noisy_jpeg(side=400) -> bytes:
    """Return a JPEG that stays large once re-encoded: noise does not compress."""
    output = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(output, "JPEG")
    return output.getvalue()


def send(client, event):
    data = form_data(
        event,
        press_card_number="",
        first_name="Claire-Éloïse",
        assignment_letter=SimpleUploadedFile("lettre.pdf", PDF, "application/pdf"),
        id_document=SimpleUploadedFile("carte.jpg", noisy_jpeg(), "image/jpeg"),
    )
    return client.post(event.get_form_url(), data)


def stored_files(root) -> list[str]:
    return [os.path.join(folder, name) for folder, _, names in os.walk(root) for name in names]


@contextmanager
def file_size_limit(max_bytes: int):
    """Let this process write no file larger than ``max_bytes``, as a full disk would stop it.

    The kernel enforces the limit (RLIMIT_FSIZE) even for root; the write that crosses it fails
    with EFBIG halfway through the file.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def assert_nothing_kept(response, private_media):
    html = unescape(response.content.decode())
    assert response.status_code == 503
    assert "Votre demande n’a pas pu être enregistrée" in html
    assert "réessayez dans quelques minutes" in html
    assert 'value="Claire-Éloïse"' in html
    assert not AccreditationRequest.objects.exists()
    assert stored_files(private_media) == []


def test_a_folder_that_cannot_be_created_answers_503_and_keeps_the_answers(
    client, vetted_event, settings, tmp_path
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the documents folder should be")
    settings.PRIVATE_MEDIA_ROOT = str(blocker / "private")

    response = send(client, vetted_event)

    assert_nothing_kept(response, tmp_path / "private-never")
    assert blocker.read_text() == "a file where the documents folder should be"


def test_a_disk_that_fills_up_mid_file_leaves_no_part_of_any_document(
    client, vetted_event, private_media
):
    # The letter (a few hundred bytes) fits; the identity document does not.
    with file_size_limit(32 * 1024):
        response = send(client, vetted_event)

    assert_nothing_kept(response, private_media)


def test_the_same_request_goes_through_once_the_disk_has_room(client, vetted_event, private_media):
    send(client, vetted_event)
    AccreditationRequest.objects.all().delete()
    for path in stored_files(private_media):
        os.remove(path)

    with file_size_limit(32 * 1024):
        assert send(client, vetted_event).status_code == 503
    response = send(client, vetted_event)

    assert response.status_code == 302
    assert len(stored_files(private_media)) == 2


def make_file(root, name: str, *, age: timedelta) -> str:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PDF)
    then = (timezone.now() - age).timestamp()
    os.utime(path, (then, then))
    return name


def test_purge_removes_old_documents_no_request_refers_to(private_media, now):
    kept = AccreditationRequestFactory(
        assignment_letter=make_file(
            private_media, "accreditations/1/kept.pdf", age=timedelta(days=3)
        )
    )
    make_file(private_media, "accreditations/1/orphan.pdf", age=timedelta(days=3))
    make_file(private_media, "accreditations/2/orphan.jpg", age=timedelta(hours=2))
    make_file(private_media, "accreditations/1/being-sent.pdf", age=timedelta(minutes=5))
    # The erasure journal lives beside the documents, and is no orphan (core/erasures.py).
    journal = "erasures/accreditations.accreditationrequest/ACC-AAAA-BBBB"
    make_file(private_media, journal, age=timedelta(days=3))

    dry = io.StringIO()
    call_command("purge_accreditations", "--dry-run", stdout=dry)
    assert "2 document(s) sans demande seraient effacés" in dry.getvalue()
    assert len(stored_files(private_media)) == 5

    out = io.StringIO()
    call_command("purge_accreditations", stdout=out)

    assert "2 document(s) sans demande effacé(s)" in out.getvalue()
    remaining = sorted(os.path.relpath(p, private_media) for p in stored_files(private_media))
    assert remaining == ["accreditations/1/being-sent.pdf", "accreditations/1/kept.pdf", journal]
    kept.refresh_from_db()
    assert kept.assignment_letter.read() == PDF
