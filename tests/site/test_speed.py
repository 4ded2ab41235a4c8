"""What Lighthouse checks: compressed pages, renditions kept a year, the first image fetched first."""

import gzip
import re

import pytest
from django.test import Client

from core.files import images
from tests.accreditations.factories import EventFactory
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_public_pages_come_compressed_to_browsers_that_accept_it(client):
    ArticleFactory.create_batch(3)

    response = client.get("/actualites/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert "<h1>Actualités</h1>" in gzip.decompress(response.content).decode()


def test_behind_varnish_django_leaves_compression_to_it(client, settings):
    # Varnish compresses what it keeps once (tests/site/test_varnish.py checks it does); Django
    # would otherwise gzip every uncached render.
    ArticleFactory.create_batch(3)
    settings.VARNISH_URLS = ["http://127.0.0.1:6081"]

    response = Client().get("/actualites/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert not response.has_header("Content-Encoding")
    assert "<h1>Actualités</h1>" in response.content.decode()


def test_pages_with_a_csrf_token_are_not_compressed(client):
    # BREACH reads secrets from compressed sizes: a page built with the visitor's token stays
    # uncompressed.
    event = EventFactory()

    response = client.get(f"/accreditations/{event.slug}/", HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert not response.has_header("Content-Encoding")


def test_renditions_are_kept_a_year_and_originals_are_not(client):
    article = ArticleFactory(with_image=True)
    rendition = images.rendition_name(article.image.file.name, 480, "webp")

    kept = client.get(f"/media/{rendition}")
    original = client.get(article.image.file.url)

    assert kept.status_code == 200
    assert kept["Cache-Control"] == "public, max-age=31536000, immutable"
    assert original.status_code == 200
    assert "immutable" not in original.get("Cache-Control", "")


def images_in(html: str) -> list[str]:
    """Return the <img> of the pictures (renditions), in document order."""
    return re.findall(r"<img [^>]*srcset=[^>]*>", html)


def test_only_the_first_card_image_is_fetched_first(client):
    ArticleFactory.create_batch(4, with_image=True)

    cards = images_in(client.get("/actualites/").content.decode())

    assert len(cards) == 4
    assert 'fetchpriority="high"' in cards[0] and 'loading="lazy"' not in cards[0]
    assert not [img for img in cards[1:] if 'fetchpriority="high"' in img]


def test_the_lead_image_of_an_article_is_fetched_first_and_not_lazily(client):
    article = ArticleFactory(with_image=True)

    lead = images_in(client.get(article.get_absolute_url()).content.decode())[0]

    assert 'fetchpriority="high"' in lead and 'loading="lazy"' not in lead
