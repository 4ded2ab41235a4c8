"""What link previews, search engines and the sitemap learn about every page."""

import json
import re
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.contrib.staticfiles import finders
from django.utils import timezone
from PIL import Image

from core.models import Status
from tests.news.factories import ArticleFactory, TopicFactory
from tests.press.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db
SHARE_IMAGE = "http://127.0.0.1:8000/static/img/share.jpg"


def meta(html: str, attribute: str, name: str) -> list[str]:
    """Return the content of every <meta> whose ``attribute`` (name, property) is ``name``."""
    pattern = rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">'
    return [unescape(content) for content in re.findall(pattern, html)]


@pytest.fixture
def content():
    """A live article and release sharing a tag, and a legal page."""
    culture = TopicFactory(name="Culture", slug="culture", description="Concerts et théâtre.")
    article = ArticleFactory(topic=culture, tags=["Citadelle"])
    PressReleaseFactory(topic=culture, tags=["Citadelle"])
    page = FlatPage.objects.create(
        url="/mentions-legales/", title="Mentions légales", content="<p>Éditeur : la Ville.</p>"
    )
    page.sites.add(Site.objects.get_current())
    return article


def list_pages(article) -> list[str]:
    month = timezone.localtime(article.publication_date)
    return [
        "/",
        "/actualites/",
        "/actualites/theme/culture/",
        "/actualites/tag/citadelle/",
        f"/actualites/{month:%Y/%m}/",
        "/presse/",
        "/presse/tag/citadelle/",
        "/presse/espace-presse/",
        "/accreditations/",
        "/recherche/",
        "/recherche/?q=citadelle",
        "/pages/mentions-legales/",
        "/presse/abonnement/",
    ]


def test_every_page_describes_itself_to_link_previews(client, content):
    for path in list_pages(content):
        html = client.get(path).content.decode()

        [description] = meta(html, "name", "description")
        assert meta(html, "property", "og:description") == [description], path
        assert description.strip(), path
        assert meta(html, "property", "og:image") == [SHARE_IMAGE], path
        assert meta(html, "property", "og:image:width") == ["1200"], path
        assert meta(html, "property", "og:image:height") == ["630"], path
        assert meta(html, "property", "og:image:alt") == [
            "Dessin de la citadelle au-dessus de la Meuse, avec le nom de la Ville de Namur"
        ], path


def test_a_topic_page_is_described_by_its_topic(client, content):
    html = client.get("/actualites/theme/culture/").content.decode()

    assert meta(html, "name", "description") == ["Concerts et théâtre."]
    assert meta(html, "property", "og:description") == ["Concerts et théâtre."]


def test_an_item_without_image_is_shown_with_the_city_s_and_one_with_an_image_with_its_own(
    client,
):
    plain = ArticleFactory(lead="Le conseil se réunit « lundi ».")
    illustrated = ArticleFactory(with_image=True)
    release = PressReleaseFactory()

    plain_html = client.get(plain.get_absolute_url()).content.decode()
    illustrated_html = client.get(illustrated.get_absolute_url()).content.decode()
    release_html = client.get(release.get_absolute_url()).content.decode()

    assert meta(plain_html, "property", "og:description") == ["Le conseil se réunit « lundi »."]
    assert meta(plain_html, "property", "og:image") == [SHARE_IMAGE]
    assert meta(release_html, "property", "og:image") == [SHARE_IMAGE]
    [own] = meta(illustrated_html, "property", "og:image")
    assert own.startswith("http://127.0.0.1:8000/media/")
    assert meta(illustrated_html, "property", "og:image:alt") == [illustrated.image.alt]


def test_the_share_image_and_the_publisher_logo_are_raster_images(client):
    article = ArticleFactory()
    html = client.get(article.get_absolute_url()).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    )

    logo = data["publisher"]["logo"]
    assert logo["url"] == "http://127.0.0.1:8000/static/img/logo.png"
    with Image.open(finders.find("img/logo.png")) as image:
        assert image.format == "PNG"
        assert image.size == (logo["width"], logo["height"])
    with Image.open(finders.find("img/share.jpg")) as image:
        assert (image.format, image.size) == ("JPEG", (1200, 630))


def test_sitemap_lists_tag_month_and_legal_pages_of_live_content_only(client, content):
    month = timezone.localtime(content.publication_date)
    hidden_date = month - timedelta(days=400)
    ArticleFactory(tags=["brouillon"], status=Status.DRAFT, publication_date=hidden_date)
    PressReleaseFactory(tags=["embargo"], publication_date=timezone.now() + timedelta(days=2))
    hidden_month = timezone.localtime(hidden_date)

    sitemap = client.get("/sitemap.xml").content.decode()

    locations = set(re.findall(r"<loc>http://127\.0\.0\.1:8000(.*?)</loc>", sitemap))
    assert {
        "/actualites/tag/citadelle/",
        f"/actualites/{month:%Y/%m}/",
        "/presse/tag/citadelle/",
        "/pages/mentions-legales/",
    } <= locations
    assert "/actualites/tag/brouillon/" not in locations
    assert "/presse/tag/embargo/" not in locations
    assert f"/actualites/{hidden_month:%Y/%m}/" not in locations
    for path in locations:
        assert client.get(path).status_code == 200, path


def test_print_stylesheet_learns_the_site_s_address(client, settings):
    settings.SITE_URL = 'https://www.namur-ville.be/"x'

    response = client.get("/impression.css")

    assert response["Content-Type"] == "text/css"
    assert "max-age=86400" in response["Cache-Control"]
    assert (
        response.content.decode() == ':root { --site-url: "https://www.namur-ville.be/\\22 x"; }\n'
    )
