"""After RENDITION_WIDTHS changes, one command rewrites every image's renditions."""

import io

import pytest
from django.core.management import call_command
from PIL import Image

from core.files import images
from core.models import Status
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db

OLD_ONLY = (480, 800, 1200)
NEW = (640, 1024, 1600)


@pytest.fixture
def articles():
    """A live article and a draft, both with a 1600 px image and the renditions of today."""
    return [
        ArticleFactory(with_image=True),
        ArticleFactory(with_image=True, status=Status.DRAFT, publication_date=None),
    ]


def rendition_exists(article, width, extension) -> bool:
    return article.image.file.storage.exists(
        images.rendition_name(article.image.file.name, width, extension)
    )


def run(*args) -> str:
    output = io.StringIO()
    call_command("regenerate_renditions", *args, stdout=output)
    return output.getvalue()


def test_new_widths_are_written_old_ones_deleted_and_pages_offer_the_new_ones(
    client, articles, monkeypatch
):
    monkeypatch.setattr(images, "RENDITION_WIDTHS", NEW)

    output = run()

    for article in articles:
        storage = article.image.file.storage
        for width in NEW:
            for extension in ("webp", "jpg"):
                name = images.rendition_name(article.image.file.name, width, extension)
                assert Image.open(storage.open(name)).width == width, name
        for width in OLD_ONLY:
            assert not rendition_exists(article, width, "webp")
            assert not rendition_exists(article, width, "jpg")
    assert "2 image(s) traitée(s), 12 rendu(s) périmé(s) supprimé(s)." in output
    html = client.get(articles[0].get_absolute_url()).content.decode()
    assert "-640w.webp 640w, " in html
    assert "-1024w.jpg 1024w, " in html
    assert "-480w" not in html and "-800w" not in html


def test_dry_run_lists_what_it_would_do_and_changes_nothing(articles, monkeypatch):
    monkeypatch.setattr(images, "RENDITION_WIDTHS", NEW)

    output = run("--dry-run")

    article = articles[0]
    assert f"{article.image.file.name}\n  écrirait : 640, 1024, 1600 px (WebP et JPEG)" in output
    assert "supprimerait : " + images.rendition_name(article.image.file.name, 480, "webp") in output
    assert "Simulation : rien n’a été modifié." in output
    for width in OLD_ONLY:
        assert rendition_exists(article, width, "webp")
    assert not rendition_exists(article, 640, "webp")


def test_a_missing_image_is_reported_and_the_others_are_still_done(articles, monkeypatch):
    missing, kept = articles
    missing.image.file.storage.delete(missing.image.file.name)
    monkeypatch.setattr(images, "RENDITION_WIDTHS", NEW)
    errors = io.StringIO()

    with pytest.raises(Exception, match="1 image"):
        call_command("regenerate_renditions", stdout=io.StringIO(), stderr=errors)

    assert missing.image.file.name in errors.getvalue()
    assert rendition_exists(kept, 640, "webp")
