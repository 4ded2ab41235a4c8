"""Attachments are checked by their content: a PDF must be one, an image must decode, both bounded."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from press import attachments, services
from press.fields import CheckedAttachmentFormField
from press.models import Attachment
from tests.press.factories import PressReleaseFactory, jpeg_bytes, pdf_bytes

pytestmark = pytest.mark.django_db

NOT_A_PDF = "Ce fichier n’est pas un PDF valide"


def attach(release, name, content):
    return services.attach_file(
        release=release, title="Pièce", file=ContentFile(content), name=name
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "communique.pdf",
            b"PK\x03\x04 a Word document renamed",
            "ne commence pas comme celui d’un PDF",
        ),
        ("communique.pdf", jpeg_bytes(50, 50), "ne commence pas comme celui d’un PDF"),
        ("communique.pdf", pdf_bytes()[:300], "incomplet ou endommagé"),
        (
            "communique.pdf",
            b"%PDF-1.7\n" + b"x" * 100 + b"\nstartxref\n999999\n%%EOF\n",
            "incomplet",
        ),
        ("rapport.docx", b"PK\x03\x04 not a document we take", "ni un PDF ni une image"),
    ],
    ids=["renamed-document", "image-named-pdf", "truncated", "bad-xref", "word-file"],
)
def test_files_that_are_not_what_they_claim_are_refused_in_french(name, content, message):
    release = PressReleaseFactory()

    with pytest.raises(ValidationError) as error:
        attach(release, name, content)

    assert message in error.value.messages[0]
    assert not Attachment.objects.exists()


def test_the_upload_form_says_what_is_wrong_and_how_to_fix_it():
    field = CheckedAttachmentFormField()
    fake = SimpleUploadedFile("dossier.pdf", b"Ceci est un texte, pas un PDF.")

    with pytest.raises(ValidationError) as error:
        field.clean(fake)

    assert error.value.messages == [
        "Ce fichier n’est pas un PDF valide : son contenu ne commence pas comme celui d’un PDF. "
        "Exportez le document en PDF puis réessayez."
    ]


def test_an_oversized_pdf_is_refused(monkeypatch):
    monkeypatch.setattr(attachments, "MAX_PDF_BYTES", 1024)
    content = pdf_bytes("x" * 2000)

    with pytest.raises(ValidationError) as error:
        attach(PressReleaseFactory(), "gros.pdf", content)

    assert error.value.messages[0].startswith("Le PDF pèse 2,")
    assert "le maximum est 1,0\xa0Kio" in error.value.messages[0]


def test_an_oversized_image_is_refused(monkeypatch):
    from namur_site.core import images

    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 1000)

    with pytest.raises(ValidationError) as error:
        attach(PressReleaseFactory(), "photo.jpg", jpeg_bytes(400, 300))

    assert "le maximum est" in error.value.messages[0]


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
