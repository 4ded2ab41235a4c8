"""With MEDIA_STORAGE=s3, documents go to the private bucket, out of any public address."""

import urllib.error
import urllib.request
from datetime import timedelta
from html import unescape

import pytest
from django.core.files.base import ContentFile

from accreditations.apps import check_private_media_root
from accreditations.models import AccreditationRequest
from accreditations.storage import private_storage
from tests.accreditations.conftest import PDF
from tests.accreditations.factories import EventFactory
from tests.accreditations.test_purge import make_request, past_event, purge  # noqa: F401
from tests.accreditations.test_storage_failures import send
from tests.support.s3 import PRIVATE_BUCKET, PUBLIC_BUCKET, object_storage  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def vetted_event(now):
    return EventFactory(slug="visite-securisee", requires_id_document=True)


def anonymous_get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - the test store
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_documents_go_to_the_private_bucket_and_only_staff_download_them(
    client,
    make_staff,
    vetted_event,
    object_storage,  # noqa: F811
):
    assert send(client, vetted_event).status_code == 302

    accreditation = AccreditationRequest.objects.get()
    names = [accreditation.assignment_letter.name, accreditation.id_document.name]
    assert object_storage.keys(PRIVATE_BUCKET) == sorted(names)
    assert object_storage.keys(PUBLIC_BUCKET) == []
    # Not even someone who knows the bucket and the random name can read it.
    for name in names:
        assert anonymous_get(f"{object_storage.endpoint_url}/{PRIVATE_BUCKET}/{name}") == 403
    with pytest.raises(ValueError, match="no URL"):
        accreditation.id_document.url  # noqa: B018

    client.force_login(make_staff("presse", "view_accreditationrequest", "download_documents"))
    review = client.get(f"/admin/accreditations/accreditationrequest/{accreditation.pk}/change/")
    assert review.status_code == 200
    assert object_storage.endpoint_url not in review.content.decode()
    response = client.get(
        f"/admin/accreditations/accreditationrequest/{accreditation.pk}/document/assignment_letter/"
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")


def test_an_unreachable_store_answers_503_keeps_the_answers_and_stores_nothing(
    client,
    vetted_event,
    object_storage,  # noqa: F811
):
    object_storage.stop()

    response = send(client, vetted_event)

    html = unescape(response.content.decode())
    assert response.status_code == 503
    assert "Votre demande n’a pas pu être enregistrée" in html
    assert 'value="Claire-Éloïse"' in html
    assert not AccreditationRequest.objects.exists()
    object_storage.start()
    assert object_storage.keys(PRIVATE_BUCKET) == []
    # Once the store answers again, the same request goes through.
    assert send(client, vetted_event).status_code == 302
    assert len(object_storage.keys(PRIVATE_BUCKET)) == 2


def test_the_purge_erases_documents_and_orphans_from_the_private_bucket(
    past_event,  # noqa: F811
    now,
    time_machine,
    django_capture_on_commit_callbacks,
    object_storage,  # noqa: F811
):
    requests = [make_request(past_event), make_request(past_event)]
    # A document a failed request left behind, named by no row.
    private_storage().save("2026/orphelin.pdf", ContentFile(PDF))
    assert len(object_storage.keys(PRIVATE_BUCKET)) == 5
    time_machine.move_to(now + timedelta(hours=2), tick=False)

    with django_capture_on_commit_callbacks(execute=True):
        output = purge()

    assert "2 demande(s) anonymisées, 4 fichier(s) effacé(s)." in output
    # Only the erasure journal stays, naming the references (core/erasures.py).
    assert object_storage.keys(PRIVATE_BUCKET) == sorted(
        f"erasures/accreditations.accreditationrequest/{r.reference}" for r in requests
    )
    for accreditation in requests:
        accreditation.refresh_from_db()
        assert not accreditation.id_document


def test_the_check_refuses_one_bucket_for_public_media_and_documents(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"bucket_name": "b"}},
        "private": {
            "BACKEND": "core.files.storage.PrivateS3Storage",
            "OPTIONS": {"bucket_name": "b"},
        },
    }

    errors = check_private_media_root(None)

    assert [error.id for error in errors] == ["accreditations.E002"]


def test_with_the_store_down_staff_still_review_and_a_download_answers_503(
    client,
    make_staff,
    vetted_event,
    object_storage,  # noqa: F811
):
    assert send(client, vetted_event).status_code == 302
    accreditation = AccreditationRequest.objects.get()
    client.force_login(make_staff("presse", "view_accreditationrequest", "download_documents"))
    client.raise_request_exception = False
    object_storage.stop()

    review = client.get(f"/admin/accreditations/accreditationrequest/{accreditation.pk}/change/")
    download = client.get(
        f"/admin/accreditations/accreditationrequest/{accreditation.pk}/document/id_document/"
    )

    assert review.status_code == 200
    assert download.status_code == 503
    assert "Service momentanément indisponible" in download.content.decode()
