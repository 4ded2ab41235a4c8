"""Attachments are checked by their content: a PDF must be one, an image must decode, both bounded."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from press import services
from press.models import Attachment
from tests import hostile_uploads as hostile
from tests.press.factories import PressReleaseFactory, jpeg_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


def attach(release, name, content):
    return services.attach_file(
        release=release, title="Pièce", file=ContentFile(content), name=name
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("communique.pdf", b"PK\x03\x04 a Word document renamed", hostile.NOT_PDF_NOR_IMAGE),
        ("communique.pdf", hostile.EXECUTABLE, hostile.NOT_PDF_NOR_IMAGE),
        ("photo.jpg", hostile.HTML, hostile.NOT_PDF_NOR_IMAGE),
        ("rapport.docx", b"PK\x03\x04 not a document we take", hostile.NOT_PDF_NOR_IMAGE),
        ("communique.pdf", pdf_bytes()[:300], hostile.DAMAGED),
        ("communique.pdf", hostile.PDF_WITHOUT_TRAILER, hostile.DAMAGED),
        (
            "communique.pdf",
            b"%PDF-1.7\n" + b"x" * 100 + b"\nstartxref\n999999\n%%EOF\n",
            hostile.DAMAGED,
        ),
        ("photo.jpg", hostile.truncated_jpeg(), hostile.DAMAGED),
        ("bombe.png", hostile.png_header_only(20_000, 20_000), hostile.TOO_MANY_PIXELS),
    ],
    ids=[
        "renamed-document",
        "executable-named-pdf",
        "html-named-jpg",
        "word-file",
        "truncated-pdf",
        "pdf-without-trailer",
        "bad-xref",
        "truncated-image",
        "20000x20000-png",
    ],
)
def test_files_that_are_not_what_they_claim_are_refused_in_french(name, content, message):
    release = PressReleaseFactory()

    with pytest.raises(ValidationError) as error:
        attach(release, name, content)

    assert error.value.messages == [message]
    assert not Attachment.objects.exists()


def test_the_upload_form_says_what_is_wrong_and_how_to_fix_it():
    field = Attachment._meta.get_field("file").formfield()
    fake = SimpleUploadedFile("dossier.pdf", b"Ceci est un texte, pas un PDF.")

    with pytest.raises(ValidationError) as error:
        field.clean(fake)

    assert error.value.messages == [hostile.NOT_PDF_NOR_IMAGE]


def test_an_oversized_pdf_is_refused():
    content = b"%PDF-1.7\n" + b"0" * (20 * hostile.MEGABYTE)

    with pytest.raises(ValidationError) as error:
        attach(PressReleaseFactory(), "gros.pdf", content)

    assert error.value.messages == [hostile.too_large("20,1", 20)]


def test_an_oversized_image_is_refused():
    with pytest.raises(ValidationError) as error:
        attach(PressReleaseFactory(), "photo.jpg", hostile.heavy_jpeg(10))

    assert error.value.messages == [hostile.too_large("10,1", 10)]


def test_an_image_named_pdf_is_stored_as_the_image_it_is():
    attachment = attach(PressReleaseFactory(), "communique.pdf", jpeg_bytes(50, 50))

    assert attachment.media_type == "image/jpeg"
    assert attachment.file.name.endswith("/communique.jpg")


def test_a_pdf_keeps_its_name_in_an_unguessable_folder_and_records_type_and_size():
    content = pdf_bytes()
    attachment = attach(PressReleaseFactory(), "Dossier de presse.pdf", content)

    assert attachment.media_type == "application/pdf"
    assert attachment.size == len(content)
    folder, name = attachment.file.name.split("/")[1:]
    assert len(folder) == 16 and name == "Dossier_de_presse.pdf"
    assert attachment.file.read() == content


def test_a_pdf_with_a_wrong_extension_is_stored_as_pdf():
    attachment = attach(PressReleaseFactory(), "dossier.bin", pdf_bytes())

    assert attachment.file.name.endswith("/dossier.pdf")


def test_an_image_is_re_encoded_without_its_gps_position():
    image = Image.new("RGB", (300, 200), "teal")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (50.0, 28.0, 0.0)}  # GPSInfo
    buffer = io.BytesIO()
    image.save(buffer, "PNG", exif=exif)

    attachment = attach(PressReleaseFactory(), "photo.png", buffer.getvalue())

    assert attachment.media_type == "image/jpeg"
    assert attachment.file.name.endswith("/photo.jpg")
    with attachment.file.open("rb") as stored:
        reopened = Image.open(stored)
        assert reopened.format == "JPEG"
        assert not reopened.getexif().get_ifd(0x8825)
