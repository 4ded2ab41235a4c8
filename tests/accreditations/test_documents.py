"""Uploaded documents: checked by content, kept where no URL reaches them, downloaded by staff."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image

from accreditations import services
from accreditations.models import AccreditationRequest
from tests import hostile_uploads as hostile
from tests.accreditations.conftest import PDF, form_data, jpeg_bytes, send, upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "name", "content", "message"),
    [
        pytest.param(
            "id_document",
            "carte.pdf",
            hostile.EXECUTABLE,
            hostile.NOT_PDF_NOR_IMAGE,
            id="executable-named-pdf",
        ),
        pytest.param(
            "id_document",
            "carte.jpg",
            hostile.HTML,
            hostile.NOT_PDF_NOR_IMAGE,
            id="html-named-jpg",
        ),
        pytest.param("photo", "photo.jpg", PDF, hostile.PDF_NOT_ALLOWED, id="pdf-as-photo"),
        pytest.param(
            "photo", "photo.docx", b"PK\x03\x04 word", hostile.NOT_AN_IMAGE, id="word-as-photo"
        ),
        pytest.param(
            "id_document", "carte.jpg", jpeg_bytes()[:200], hostile.DAMAGED, id="truncated-jpeg"
        ),
        pytest.param(
            "assignment_letter",
            "lettre.pdf",
            hostile.PDF_WITHOUT_TRAILER,
            hostile.DAMAGED,
            id="pdf-without-trailer",
        ),
        pytest.param(
            "photo",
            "bombe.png",
            hostile.png_header_only(20_000, 20_000),
            hostile.TOO_MANY_PIXELS,
            id="20000x20000-png",
        ),
        pytest.param(
            "id_document",
            "carte.pdf",
            b"%PDF-" + b"0" * (5 * hostile.MEGABYTE),
            hostile.too_large("5,1", 5),
            id="too-large",
        ),
        pytest.param(
            "id_document",
            "vide.pdf",
            b"",
            "Le fichier choisi est vide. Choisissez un autre fichier.",
            id="empty",
        ),
    ],
)
def test_bad_documents_get_a_french_message(client, vetted_event, field, name, content, message):
    files = {
        "id_document": upload("carte.pdf", PDF),
        "photo": upload("photo.jpg", jpeg_bytes()),
    }
    files[field] = upload(name, content)

    response = send(client, vetted_event, **files)

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert not AccreditationRequest.objects.exists()


def test_images_are_reencoded_without_metadata_and_names_are_random(stored, private_media):
    for document in (stored.id_document, stored.photo):
        assert document.name.endswith(".jpg")
        with document.open("rb") as handle:
            image = Image.open(io.BytesIO(handle.read()))
        assert image.format == "JPEG"
        assert not image.getexif()
    assert "claire" not in stored.id_document.name
    assert stored.assignment_letter.read() == PDF


def test_code_that_skips_the_form_cannot_store_an_unchecked_document(vetted_event, private_media):
    files = {
        "assignment_letter": ContentFile(PDF, name="lettre.pdf"),
        "id_document": ContentFile(hostile.EXECUTABLE, name="carte.pdf"),
    }

    with pytest.raises(ValidationError) as error:
        services.request_accreditation(
            event=vetted_event, data=form_data(vetted_event), files=files
        )

    assert error.value.messages == [hostile.NOT_PDF_NOR_IMAGE]
    assert not AccreditationRequest.objects.exists()
    assert not any(path.is_file() for path in private_media.rglob("*"))


@pytest.mark.parametrize("image_format", ["WEBP", "GIF"])
def test_a_webp_or_gif_photo_is_accepted_as_on_the_rest_of_the_site(
    client, vetted_event, image_format
):
    photo = io.BytesIO()
    Image.new("RGB", (30, 40), "navy").save(photo, image_format)

    response = send(
        client,
        vetted_event,
        id_document=upload("carte.pdf", PDF),
        photo=upload(f"photo.{image_format.lower()}", photo.getvalue()),
    )

    assert response.status_code == 302
    with AccreditationRequest.objects.get().photo.open("rb") as stored:
        assert Image.open(io.BytesIO(stored.read())).format == "JPEG"


def test_the_form_tells_the_accepted_formats_and_size(client, vetted_event):
    html = client.get(vetted_event.get_form_url()).content.decode()

    assert "Visage de face, JPEG, PNG, WebP ou GIF, 5 Mo au maximum." in html
    assert 'accept="image/jpeg,image/png,image/webp,image/gif"' in html
    assert 'accept="application/pdf,image/jpeg,image/png,image/webp,image/gif"' in html


def test_documents_live_outside_media_root(stored, private_media):
    path = Path(stored.id_document.path)

    assert path.is_file()
    assert path.is_relative_to(private_media)
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        stored.id_document.url  # noqa: B018


def test_no_public_url_serves_the_documents(client, stored):
    name = stored.id_document.name
    for url in (
        f"/media/{name}",
        f"/private_media/{name}",
        f"/accreditations/{name}",
    ):
        assert client.get(url).status_code == 404


def test_system_check_refuses_a_private_folder_inside_media_root(settings):
    settings.PRIVATE_MEDIA_ROOT = str(Path(settings.MEDIA_ROOT) / "private")

    with pytest.raises(Exception, match=r"accreditations\.E001"):
        call_command("check")


def document_url(accreditation, field):
    return f"/admin/accreditations/accreditationrequest/{accreditation.pk}/document/{field}/"


@pytest.mark.parametrize(
    ("who", "status_code"),
    [
        ("anonymous", 302),
        ("staff-without-permission", 403),
        ("staff-who-may-only-view", 403),
        ("staff-with-download-permission", 200),
    ],
)
def test_download_is_checked(client, make_staff, stored, who, status_code):
    permissions = {
        "staff-without-permission": (),
        "staff-who-may-only-view": ("view_accreditationrequest",),
        "staff-with-download-permission": (
            "view_accreditationrequest",
            "download_documents",
        ),
    }
    if who != "anonymous":
        client.force_login(make_staff("presse", *permissions[who]))

    response = client.get(document_url(stored, "assignment_letter"))

    assert response.status_code == status_code
    if status_code == 302:
        assert response["Location"].startswith("/admin/login/")
    if status_code == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment;")
        assert stored.reference in response["Content-Disposition"]
        assert "no-store" in response["Cache-Control"]


def test_download_refuses_other_fields_and_missing_files(client, make_staff, stored):
    client.force_login(make_staff("presse", "view_accreditationrequest", "download_documents"))

    assert client.get(document_url(stored, "email")).status_code == 404
    stored.photo = ""
    stored.save()
    assert client.get(document_url(stored, "photo")).status_code == 404
