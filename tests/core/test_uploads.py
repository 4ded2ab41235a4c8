"""One hostile file gets one French message from every use of uploads, in forms and on save."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accreditations.forms import AccreditationForm
from accreditations.models import AccreditationRequest, Event
from core.photos.models import Image as LibraryImage
from press.models import Attachment, PressRelease
from tests import hostile_uploads as hostile

USES = ("news image", "press attachment", "accreditation document")

# The problem, the file, and what the person reads: the same sentence wherever the file goes,
# save for what the use accepts (PDFs or not) and its own size limit.
CASES = {
    "executable named .pdf": (
        "carte.pdf",
        lambda: hostile.EXECUTABLE,
        {
            "news image": hostile.NOT_AN_IMAGE,
            "press attachment": hostile.NOT_PDF_NOR_IMAGE,
            "accreditation document": hostile.NOT_PDF_NOR_IMAGE,
        },
    ),
    "HTML named .jpg": (
        "photo.jpg",
        lambda: hostile.HTML,
        {
            "news image": hostile.NOT_AN_IMAGE,
            "press attachment": hostile.NOT_PDF_NOR_IMAGE,
            "accreditation document": hostile.NOT_PDF_NOR_IMAGE,
        },
    ),
    "truncated image": ("photo.jpg", hostile.truncated_jpeg, hostile.DAMAGED),
    "20000×20000 PNG header": (
        "bombe.png",
        lambda: hostile.png_header_only(20_000, 20_000),
        hostile.TOO_MANY_PIXELS,
    ),
    "8000×6000 PNG header": (
        "grande.png",
        lambda: hostile.png_header_only(8_000, 6_000),
        hostile.TOO_MANY_PIXELS,
    ),
    "PDF without trailer": (
        "dossier.pdf",
        lambda: hostile.PDF_WITHOUT_TRAILER,
        {
            "news image": hostile.PDF_NOT_ALLOWED,
            "press attachment": hostile.DAMAGED,
            "accreditation document": hostile.DAMAGED,
        },
    ),
    "too heavy": (
        "lourde.jpg",
        lambda: hostile.heavy_jpeg(10),
        {
            "news image": hostile.too_large("10,1", 10),
            "press attachment": hostile.too_large("10,1", 10),
            "accreditation document": hostile.too_large("10,1", 5),
        },
    ),
}


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


def form_field(use):
    """Return the form field through which a person sends a file for ``use``."""
    if use == "news image":
        # Lead images and images in the text are uploaded to the Photothèque.
        return LibraryImage._meta.get_field("file").formfield()
    if use == "press attachment":
        return Attachment._meta.get_field("file").formfield()
    event = Event(slug="visite", requires_id_document=True)
    return AccreditationForm(event=event).fields["id_document"]


def field_file(use):
    """Return the model's file for ``use``, as code that bypasses every form saves it."""
    if use == "news image":
        return LibraryImage(title="Une photo").file
    if use == "press attachment":
        return Attachment(release=PressRelease(), title="Pièce").file
    return AccreditationRequest().id_document


def expected_message(expected, use) -> str:
    return expected if isinstance(expected, str) else expected[use]


@pytest.mark.parametrize("use", USES)
@pytest.mark.parametrize(("name", "content", "expected"), CASES.values(), ids=CASES.keys())
def test_the_form_of_every_use_gives_the_same_message(use, name, content, expected):
    with pytest.raises(ValidationError) as error:
        form_field(use).clean(SimpleUploadedFile(name, content(), "application/octet-stream"))

    assert error.value.messages == [expected_message(expected, use)]


@pytest.mark.parametrize("use", USES)
@pytest.mark.parametrize(("name", "content", "expected"), CASES.values(), ids=CASES.keys())
def test_code_saving_the_file_gets_the_same_message_and_stores_nothing(
    use, name, content, expected
):
    file = field_file(use)

    with pytest.raises(ValidationError) as error:
        file.save(name, ContentFile(content()), save=False)

    assert error.value.messages == [expected_message(expected, use)]
    assert not file


@pytest.mark.parametrize("use", USES)
def test_every_use_stores_an_image_without_gps_position_or_appended_bytes(use):
    file = field_file(use)

    file.save("gps.jpg", ContentFile(hostile.jpeg_with_gps()), save=False)

    assert file.name.endswith(".jpg")
    with file.open("rb") as stored:
        hostile.assert_clean_jpeg(stored.read())


@pytest.mark.parametrize("use", USES)
def test_every_use_stores_a_photo_upright_with_transparency_on_white(use):
    # A phone's portrait photo: stored landscape, with an orientation tag saying "turn it".
    exif = Image.Exif()
    exif[0x0112] = 6
    sideways = io.BytesIO()
    image = Image.new("RGBA", (60, 40), (0, 0, 0, 0))
    image.paste((200, 0, 0, 255), (0, 0, 60, 20))
    image.save(sideways, "WEBP", exif=exif.tobytes(), lossless=True)
    file = field_file(use)

    file.save("portrait.webp", ContentFile(sideways.getvalue()), save=False)

    with file.open("rb") as stored:
        upright = Image.open(io.BytesIO(stored.read()))
        assert upright.size == (40, 60)
        assert upright.getpixel((5, 55)) == pytest.approx((255, 255, 255), abs=8)
