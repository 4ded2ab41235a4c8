import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accreditations.forms import form_stamp
from accreditations.models import AccreditationRequest
from tests.accreditations.factories import NOW, EventFactory

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\nxref\n0 1\n0000000000 65535 f \n"
    b"trailer << /Size 1 /Root 1 0 R >>\nstartxref\n45\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Give each test its own private folder, outside MEDIA_ROOT."""
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    return tmp_path / "private"


@pytest.fixture(autouse=True)
def empty_cache():
    """Start each test with no rate-limit counts."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def event(db, now):
    return EventFactory(title="Visite officielle à la Citadelle", slug="visite-citadelle")


def jpeg_bytes(size=(60, 40), exif: bool = False) -> bytes:
    image = Image.new("RGB", size, "navy")
    output = io.BytesIO()
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "Appareil secret"  # Make
        data[0x0131] = "Logiciel"  # Software
        kwargs["exif"] = data.tobytes()
    image.save(output, format="JPEG", **kwargs)
    return output.getvalue()


def png_bytes() -> bytes:
    output = io.BytesIO()
    Image.new("RGBA", (30, 30), (255, 0, 0, 128)).save(output, format="PNG")
    return output.getvalue()


def form_data(event, **overrides) -> dict:
    """Return what a journalist fills in, as the browser sends it."""
    data = {
        "first_name": "Claire",
        "last_name": "Dumont",
        "email": "claire.dumont@example.org",
        "phone": "+32 470 12 34 56",
        "outlet": "L’Avenir Namur",
        "media_type": "print",
        "role": "journalist",
        "press_card_number": "BE-12345",
        "equipment": "Appareil photo",
        "remarks": "",
        "consent": "on",
        "website": "",
        "started": form_stamp(event.pk),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def vetted_event(now):
    return EventFactory(
        slug="visite-securisee",
        requires_identity_details=True,
        requires_id_document=True,
        requires_photo=True,
    )


def send(client, event, **files):
    data = form_data(event, date_of_birth="1985-04-12", nationality="belge", **files)
    return client.post(event.get_form_url(), data)


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def stored(client, vetted_event):
    """A request with all three documents, as a journalist sends it."""
    response = send(
        client,
        vetted_event,
        press_card_number="",
        assignment_letter=upload("lettre.pdf", PDF),
        id_document=upload("carte-identite-claire-dumont.jpg", jpeg_bytes(exif=True)),
        photo=upload("photo.png", png_bytes()),
    )
    assert response.status_code == 302
    return AccreditationRequest.objects.get()
