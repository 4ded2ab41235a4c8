"""A save that fails after its files were stored leaves no file behind; one that succeeds keeps them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError

from core.photos import crops
from core.publishing import workflow
from tests.news.factories import ArticleFactory, jpeg_bytes
from tests.press.factories import PressReleaseFactory
from tests.support.site import read_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(media) -> list[str]:
    return sorted(path.relative_to(media).as_posix() for path in media.rglob("*") if path.is_file())


def resave(client, path: str, form_id: str, files: dict, **fields):
    """Save the admin change form at ``path`` as it is, with ``files`` and ``fields`` added."""
    form = read_form(client.get(path).content.decode(), form_id)
    data = {}
    for name, value in form.fields:
        data.setdefault(name, []).append(value)
    data.update(fields)
    data.update(files)
    return client.post(path, {**data, "_save": "1"})


def image(name="photo.jpg"):
    return SimpleUploadedFile(name, jpeg_bytes(900, 600), "image/jpeg")


def database_locked(**kwargs):
    raise OperationalError("database is locked")


def save_library_image(client):
    # Lead images are uploaded to the photo library; its card crops come after the renditions.
    return client.post(
        "/admin/photos/image/add/",
        {
            "file": image(),
            "title": "Le beffroi",
            "alt": "Le beffroi",
            "focal_x": "0.5",
            "focal_y": "0.5",
            "_save": "1",
        },
    )


def save_release(client):
    release = PressReleaseFactory()
    return resave(
        client,
        f"/admin/press/pressrelease/{release.pk}/change/",
        "pressrelease_form",
        {"attachments-0-file": image()},
        **{"attachments-0-title": "Photo du beffroi"},
    )


@pytest.mark.parametrize("save", [save_library_image, save_release], ids=["image", "release"])
def test_a_save_that_fails_leaves_no_file(admin_client, media, monkeypatch, save):
    monkeypatch.setattr(workflow, "record_revision", database_locked)
    monkeypatch.setattr(crops, "write_crops", lambda *args: database_locked())
    admin_client.raise_request_exception = False

    response = save(admin_client)

    assert response.status_code == 503  # the database error page
    assert stored(media) == []


@pytest.mark.parametrize("save", [save_library_image, save_release], ids=["image", "release"])
def test_a_save_that_succeeds_keeps_its_files(admin_client, media, save):
    response = save(admin_client)

    assert response.status_code == 302
    assert stored(media)


def test_a_form_sent_back_keeps_its_choices_and_asks_for_the_file_again(admin_client, media):
    article, other = ArticleFactory(tags=["vélo"]), ArticleFactory()
    path = f"/admin/news/article/{article.pk}/change/"
    form = read_form(admin_client.get(path).content.decode(), "article_form")
    data = {}
    for name, value in form.fields:
        data.setdefault(name, []).append(value)
    data.update(title="", related=[other.pk])

    response = admin_client.post(path, {**data, "_save": "1"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in html
    # The autocomplete fields show what the editor had chosen.
    assert f'<option value="{article.topic.pk}" selected>{article.topic}</option>' in html
    assert f'<option value="{other.pk}" selected>{other}</option>' in html
    assert ">vélo</option>" in html
    assert stored(media) == []


def test_a_library_form_sent_back_asks_for_the_file_again(admin_client, media):
    response = admin_client.post(
        "/admin/photos/image/add/",
        {
            "file": image("beffroi.jpg"),
            "title": "",
            "alt": "Le beffroi",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    # A browser never fills a file input again: the form says so, and nothing was stored.
    assert (
        "Le fichier « beffroi.jpg » n’est pas enregistré : corrigez les erreurs signalées, "
        "choisissez-le à nouveau, puis enregistrez."
    ) in html
    assert stored(media) == []
