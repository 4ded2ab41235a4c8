"""Uploads are bounded, re-encoded without metadata, and served as responsive renditions."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from namur_site.core import images
from news.models import Article
from tests.news.factories import ArticleFactory, TopicFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def png_header_only(width: int, height: int) -> bytes:
    """Return a PNG that declares ``width`` × ``height`` pixels: what a decompression bomb looks like."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"") + chunk(b"IEND", b"")


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Appareil du photographe"
    exif[0x8825] = {1: "N", 2: (50.0, 27.0, 56.0), 3: "E", 4: (4.0, 52.0, 2.0)}
    return jpeg_bytes(exif=exif.tobytes()) + b"<?php echo 'appended'; ?>"


def admin_add(admin_client, upload):
    topic = TopicFactory()
    return admin_client.post(
        "/admin/news/article/add/",
        {
            "title": "Une photo",
            "slug": "une-photo",
            "lead": "Chapô",
            "body": "<p>Texte</p>",
            "topic": topic.pk,
            "status": "draft",
            "image": upload,
            "image_alt": "Une place de Namur",
            "image_caption": "",
            "image_credit": "",
        },
    )


BAD_UPLOADS = {
    "not an image": (
        SimpleUploadedFile("photo.jpg", b"%PDF-1.7 pas une image", "image/jpeg"),
        "Ce fichier n’est pas une image reconnue",
    ),
    "truncated": (
        SimpleUploadedFile("photo.jpg", jpeg_bytes()[:700], "image/jpeg"),
        "L’image est incomplète ou endommagée",
    ),
    "20000×20000 png": (
        SimpleUploadedFile("bombe.png", png_header_only(20_000, 20_000), "image/png"),
        "L’image compte trop de pixels",
    ),
    "8000×6000 png": (
        SimpleUploadedFile("grande.png", png_header_only(8_000, 6_000), "image/png"),
        "L’image mesure 8000 × 6000 pixels ; le maximum est 40 millions de pixels",
    ),
    "too heavy": (
        SimpleUploadedFile("lourde.jpg", b"\xff" * (images.MAX_UPLOAD_BYTES + 1), "image/jpeg"),
        "le maximum est 10,0\xa0Mio",
    ),
}


@pytest.mark.parametrize(("upload", "message"), BAD_UPLOADS.values(), ids=BAD_UPLOADS.keys())
def test_bad_upload_gets_a_french_form_error_and_saves_nothing(admin_client, upload, message):
    response = admin_add(admin_client, upload)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_upload_is_reencoded_without_metadata_or_appended_data(admin_client):
    response = admin_add(admin_client, SimpleUploadedFile("gps.jpg", jpeg_with_gps(), "image/jpeg"))

    assert response.status_code == 302
    article = Article.objects.get()
    stored = article.image.read()
    assert b"appended" not in stored
    assert b"Appareil du photographe" not in stored
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG"
    assert not image.getexif()
    assert (article.image_width, article.image_height) == (1600, 1000)


def test_renditions_are_written_once_in_webp_and_jpeg():
    article = ArticleFactory(with_image=True)

    storage = article.image.storage
    for width in (480, 800, 1200, 1600):
        for extension in ("webp", "jpg"):
            name = images.rendition_name(article.image.name, width, extension)
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
    topic = TopicFactory()
    response = admin_client.post(
        "/admin/news/article/add/",
        {
            "title": "Sans alt",
            "slug": "sans-alt",
            "lead": "Chapô",
            "body": "<p>Texte</p>",
            "topic": topic.pk,
            "status": "draft",
            "image": SimpleUploadedFile("photo.jpg", jpeg_bytes(), "image/jpeg"),
            "image_alt": "",
        },
    )

    assert response.status_code == 200
    assert "Décrivez l’image pour les personnes qui ne la voient pas." in response.content.decode()
    assert not Article.objects.exists()
