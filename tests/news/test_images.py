"""Uploads are bounded, re-encoded without metadata, and served as responsive renditions.

Lead images live in the photo library (core.photos): its form is where they are uploaded.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.files import images
from core.photos.models import Image as LibraryImage
from tests import hostile_uploads as hostile
from tests.news.factories import ArticleFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def admin_add(admin_client, upload, alt="Une place de Namur"):
    return admin_client.post(
        "/admin/photos/image/add/",
        {
            "title": "Une photo",
            "file": upload,
            "alt": alt,
            "caption": "",
            "credit": "",
            "licence": "",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
    )


BAD_UPLOADS = {
    "html named jpg": (
        SimpleUploadedFile("photo.jpg", hostile.HTML, "image/jpeg"),
        hostile.NOT_AN_IMAGE,
    ),
    "executable named jpg": (
        SimpleUploadedFile("photo.jpg", hostile.EXECUTABLE, "image/jpeg"),
        hostile.NOT_AN_IMAGE,
    ),
    "pdf named jpg": (
        SimpleUploadedFile("photo.jpg", b"%PDF-1.7 pas une image", "image/jpeg"),
        hostile.PDF_NOT_ALLOWED,
    ),
    "truncated": (
        SimpleUploadedFile("photo.jpg", jpeg_bytes()[:700], "image/jpeg"),
        hostile.DAMAGED,
    ),
    "20000×20000 png": (
        SimpleUploadedFile("bombe.png", hostile.png_header_only(20_000, 20_000), "image/png"),
        hostile.TOO_MANY_PIXELS,
    ),
    "8000×6000 png": (
        SimpleUploadedFile("grande.png", hostile.png_header_only(8_000, 6_000), "image/png"),
        hostile.TOO_MANY_PIXELS,
    ),
    "too heavy": (
        SimpleUploadedFile("lourde.jpg", hostile.heavy_jpeg(10), "image/jpeg"),
        hostile.too_large("10,1", 10),
    ),
}


@pytest.mark.parametrize(("upload", "message"), BAD_UPLOADS.values(), ids=BAD_UPLOADS.keys())
def test_bad_upload_gets_a_french_form_error_and_saves_nothing(admin_client, upload, message):
    response = admin_add(admin_client, upload)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not LibraryImage.objects.exists()


def test_upload_is_reencoded_without_metadata_or_appended_data(admin_client):
    upload = SimpleUploadedFile("gps.jpg", hostile.jpeg_with_gps(), "image/jpeg")

    response = admin_add(admin_client, upload)

    assert response.status_code == 302
    image = LibraryImage.objects.get()
    hostile.assert_clean_jpeg(image.file.read())
    assert (image.width, image.height) == (400, 300)


def test_renditions_are_written_once_in_webp_and_jpeg():
    article = ArticleFactory(with_image=True)

    storage = article.image.file.storage
    for width in (480, 800, 1200, 1600):
        for extension in ("webp", "jpg"):
            name = images.rendition_name(article.image.file.name, width, extension)
            assert storage.exists(name), name
            assert Image.open(storage.open(name)).width == width


def test_small_image_is_never_upscaled():
    assert images.rendition_widths(640) == [480, 640]
    assert images.rendition_widths(300) == [300]
    assert images.rendition_widths(4000) == [480, 800, 1200, 1600]


def test_page_offers_webp_and_jpeg_srcsets_with_dimensions(client):
    article = ArticleFactory(with_image=True)

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<source type="image/webp" srcset="' in html
    assert "-480w.webp 480w" in html
    assert "-1600w.jpg 1600w" in html
    assert 'width="1600" height="1000"' in html
    assert 'alt="La Citadelle de Namur vue depuis la Meuse"' in html
    assert "La Citadelle au printemps" in html
    assert "© Ville de Namur" in html


def test_image_without_alt_text_is_refused(admin_client):
    response = admin_add(
        admin_client, SimpleUploadedFile("photo.jpg", jpeg_bytes(), "image/jpeg"), alt=" "
    )

    assert response.status_code == 200
    assert "Décrivez l’image pour les personnes qui ne la voient pas." in response.content.decode()
    assert not LibraryImage.objects.exists()
