"""With MEDIA_STORAGE=s3, images and their renditions live in the bucket and pages link to it."""

import io
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from core.files import images
from core.files.media import IMMUTABLE
from core.models import Status
from core.photos.models import Image as LibraryImage
from news.models import Article
from press.models import Attachment
from tests.news.factories import TopicFactory, jpeg_bytes
from tests.support.s3 import PUBLIC_BUCKET, object_storage  # noqa: F401

pytestmark = pytest.mark.django_db


def admin_add(admin_client, upload):
    """Upload the image to the library, then write the article it leads; return the answer
    of the first step that fails, else the article's."""
    response = admin_client.post(
        "/admin/photos/image/add/",
        {
            "title": "Le pont de Jambes",
            "file": upload,
            "alt": "Le pont de Jambes au soleil couchant",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
    )
    if response.status_code != 302:
        return response
    return admin_client.post(
        "/admin/news/article/add/",
        {
            "title": "Le pont de Jambes",
            "slug": "le-pont-de-jambes",
            "lead": "Chapô",
            "body": "<p>Texte</p>",
            "topic": TopicFactory().pk,
            "status": "draft",
            "image": LibraryImage.objects.get().pk,
        },
    )


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - the test store
            return response.status, response.read(), response.headers.get("Cache-Control", "")
    except urllib.error.HTTPError as error:
        return error.code, b"", ""


def test_an_uploaded_image_and_its_renditions_are_served_from_the_bucket(
    admin_client,
    client,
    object_storage,  # noqa: F811
):
    upload = SimpleUploadedFile("pont.jpg", jpeg_bytes(1000, 600), "image/jpeg")

    response = admin_add(admin_client, upload)

    assert response.status_code == 302
    article = Article.objects.get(slug="le-pont-de-jambes")
    keys = object_storage.keys(PUBLIC_BUCKET)
    stem = article.image.file.name.rsplit("/", 1)[-1].removesuffix(".jpg")
    assert article.image.file.name in keys
    for width in (480, 800, 1000):
        for extension in ("webp", "jpg"):
            assert any(key.endswith(f"renditions/{stem}-{width}w.{extension}") for key in keys)

    Article.objects.filter(pk=article.pk).update(
        status=Status.PUBLISHED, publication_date=timezone.now() - timedelta(hours=1)
    )
    html = client.get(article.get_absolute_url()).content.decode()

    rendition = f"{object_storage.endpoint_url}/{PUBLIC_BUCKET}/"
    assert rendition in html
    url = next(
        part.split()[0]
        for part in html.split('srcset="', 1)[1].split('"', 1)[0].split(",")
        if "-800w.webp" in part
    )
    assert url.startswith(rendition)
    status, body, cache_control = fetch(url)
    assert status == 200
    assert body[:4] == b"RIFF"  # a WebP file, as the <source type="image/webp"> promises
    assert cache_control == IMMUTABLE  # as on disk: a rendition never changes under its name


def test_a_save_the_store_refuses_half_way_keeps_neither_row_nor_file(
    admin_client,
    object_storage,  # noqa: F811
):
    admin_client.raise_request_exception = False
    # The store takes the image, then refuses its renditions.
    object_storage.deny_writes(PUBLIC_BUCKET, "*/renditions/*")
    upload = SimpleUploadedFile("pont.jpg", jpeg_bytes(1000, 600), "image/jpeg")

    response = admin_add(admin_client, upload)

    assert response.status_code == 503
    assert "Service momentanément indisponible" in response.content.decode()
    assert not LibraryImage.objects.exists()
    assert object_storage.keys(PUBLIC_BUCKET) == []


def test_an_unreachable_store_fails_the_save_with_a_french_503_and_keeps_nothing(
    admin_client,
    object_storage,  # noqa: F811
):
    admin_client.raise_request_exception = False
    object_storage.stop()
    upload = SimpleUploadedFile("pont.jpg", jpeg_bytes(1000, 600), "image/jpeg")

    response = admin_add(admin_client, upload)

    assert response.status_code == 503
    assert "indisponible" in response.content.decode().lower()
    assert not LibraryImage.objects.exists()
    object_storage.start()
    assert object_storage.keys(PUBLIC_BUCKET) == []


def test_the_demo_content_is_loaded_into_the_bucket(
    settings,
    tmp_path,
    object_storage,  # noqa: F811
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("load_demo", stdout=io.StringIO())

    keys = object_storage.keys(PUBLIC_BUCKET)
    illustrated = Article.objects.exclude(image=None)
    attachments = Attachment.objects.all()
    assert illustrated.exists() and attachments.exists()
    for article in illustrated:
        assert article.image.file.name in keys
        assert images.rendition_name(article.image.file.name, 480, "webp") in keys
    for attachment in attachments:
        assert attachment.file.name in keys
    assert not any(path.is_file() for path in Path(settings.MEDIA_ROOT).rglob("*"))

    call_command("load_demo", stdout=io.StringIO())

    assert object_storage.keys(PUBLIC_BUCKET) == keys


def test_a_new_title_for_an_illustrated_article_needs_no_store(
    admin_client,
    object_storage,  # noqa: F811
):
    admin_client.raise_request_exception = False
    upload = SimpleUploadedFile("pont.jpg", jpeg_bytes(1000, 600), "image/jpeg")
    assert admin_add(admin_client, upload).status_code == 302
    article = Article.objects.get(slug="le-pont-de-jambes")
    object_storage.stop()

    # The change form sends the stored image back untouched: its size is in the row already.
    response = admin_client.post(
        f"/admin/news/article/{article.pk}/change/",
        {
            "title": "Le pont de Jambes rouvert",
            "slug": article.slug,
            "lead": article.lead,
            "body": article.body,
            "topic": article.topic_id,
            "status": "draft",
            "image": article.image_id,
        },
    )

    assert response.status_code == 302
    saved = Article.objects.values("title", "image__file", "image__width", "image__height").get()
    assert saved == {
        "title": "Le pont de Jambes rouvert",
        "image__file": article.image.file.name,
        "image__width": 1000,
        "image__height": 600,
    }
