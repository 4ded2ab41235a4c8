"""What a reader sees on the news pages, feeds and search-engine metadata."""

import json
import re
from datetime import datetime
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest

from core.models import Status
from tests.news.factories import ArticleFactory, TopicFactory

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")


def brussels(*args):
    return datetime(*args, tzinfo=BRUSSELS)


@pytest.fixture
def article():
    culture = TopicFactory(name="Culture", slug="culture")
    related = ArticleFactory(title="Le programme complet", topic=culture)
    hidden = ArticleFactory(title="Brouillon lié", status=Status.DRAFT)
    item = ArticleFactory(
        title="Les Fêtes de Wallonie reviennent",
        slug="fetes-de-wallonie",
        lead="Trois jours de fête au cœur de Namur.",
        body="<h2>Programme</h2><p>Concerts et cortège.</p>",
        topic=culture,
        publication_date=brussels(2021, 10, 28, 10, 0),
        tags=["Fêtes de Wallonie", "Citadelle"],
        with_image=True,
    )
    item.related.set([related, hidden])
    return item


def test_list_is_paginated_twelve_newest_first(client):
    for day in range(1, 15):
        ArticleFactory(title=f"Jour {day:02}", publication_date=brussels(2026, 10, day, 9))

    first = client.get("/actualites/").content.decode()
    second = client.get("/actualites/?page=2").content.decode()

    assert first.count('class="card"') == 12
    assert first.index("Jour 14") < first.index("Jour 13")
    assert "Jour 02" not in first
    assert second.count('class="card"') == 2
    assert 'aria-current="page" class="pagination__current"' in first
    assert client.get("/actualites/?page=3").status_code == 404
    assert client.get("/actualites/?page=abc").status_code == 404


def test_detail_shows_everything_a_reader_needs(client, article):
    html = client.get("/actualites/fetes-de-wallonie/").content.decode()

    assert "<h1>Les Fêtes de Wallonie reviennent</h1>" in html
    assert '<time datetime="2021-10-28T10:00:00+02:00">28 octobre 2021</time>' in html
    assert "Trois jours de fête au cœur de Namur." in html
    assert "<h2>Programme</h2><p>Concerts et cortège.</p>" in html
    assert '<a href="/actualites/theme/culture/">Culture</a>' in html
    assert '<a href="/actualites/tag/fetes-de-wallonie/">Fêtes de Wallonie</a>' in html
    assert "Le programme complet" in html
    assert "Brouillon lié" not in html
    assert '<a href="#haut">Haut de page</a>' in html
    breadcrumb = re.search(r'<nav class="breadcrumb.*?</nav>', html, re.S).group()
    assert '<a href="/">Accueil</a>' in breadcrumb
    assert '<a href="/actualites/">Actualités</a>' in breadcrumb
    assert "Les Fêtes de Wallonie reviennent</span>" in breadcrumb


def test_first_of_the_month_is_written_1er(client):
    ArticleFactory(slug="premier", publication_date=brussels(2026, 11, 1, 9))

    assert "1er novembre 2026" in client.get("/actualites/premier/").content.decode()


def test_detail_has_canonical_open_graph_and_news_article_json_ld(client, article):
    html = client.get("/actualites/fetes-de-wallonie/").content.decode()

    assert (
        '<link rel="canonical" href="http://127.0.0.1:8000/actualites/fetes-de-wallonie/">' in html
    )
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Les Fêtes de Wallonie reviennent">' in html
    assert re.search(
        r'<meta property="og:image" content="http://127\.0\.0\.1:8000/media/.+-1600w\.jpg">', html
    )
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Les Fêtes de Wallonie reviennent"
    assert data["datePublished"].startswith("2021-10-28T")
    assert data["articleSection"] == "Culture"
    assert set(data["keywords"]) == {"Fêtes de Wallonie", "Citadelle"}
    assert data["image"]


def test_json_ld_cannot_be_broken_out_of(client):
    ArticleFactory(slug="piege", title="</script><script>alert(1)</script>")

    html = client.get("/actualites/piege/").content.decode()

    assert "</script><script>alert(1)" not in html


def test_topic_tag_and_month_pages_list_their_articles(client, article):
    other = ArticleFactory(title="Autre sujet", publication_date=brussels(2021, 9, 5, 9))

    topic = client.get("/actualites/theme/culture/").content.decode()
    tag = client.get("/actualites/tag/citadelle/").content.decode()
    month = client.get("/actualites/2021/10/").content.decode()

    assert "Les Fêtes de Wallonie reviennent" in topic and other.title not in topic
    assert "<h1>Actualités « Citadelle »</h1>" in tag and other.title not in tag
    assert "<h1>Actualités d’octobre 2021</h1>" in month and other.title not in month
    assert "septembre 2021" in month
    assert client.get("/actualites/theme/inconnu/").status_code == 404
    assert client.get("/actualites/tag/inconnu/").status_code == 404
    assert client.get("/actualites/2021/08/").status_code == 404
    assert client.get("/actualites/2021/13/").status_code == 404


def test_sidebar_links_every_topic_and_month_and_marks_the_current_one(client):
    culture = TopicFactory(name="Culture", slug="culture")
    sport = TopicFactory(name="Sport", slug="sport")
    ArticleFactory(topic=culture, publication_date=brussels(2025, 3, 1, 0, 30))
    ArticleFactory(topic=sport, publication_date=brussels(2025, 1, 31, 23, 30))

    on_topic = client.get("/actualites/theme/culture/").content.decode()
    on_month = client.get("/actualites/2025/03/").content.decode()

    assert '<a href="/actualites/theme/culture/" aria-current="page">Culture</a>' in on_topic
    assert '<a href="/actualites/theme/sport/">Sport</a>' in on_topic
    # Months in Brussels time: 1 March 00:30 is March, 31 January 23:30 is January.
    assert '<a href="/actualites/2025/03/" aria-current="page">Mars 2025</a>' in on_month
    assert '<a href="/actualites/2025/01/">Janvier 2025</a>' in on_month
    assert 'aria-current="page">Culture' not in on_month


@pytest.mark.parametrize(
    "url",
    [
        "/actualites/flux.rss",
        "/actualites/theme/culture/flux.rss",
        "/actualites/tag/citadelle/flux.rss",
    ],
)
def test_rss_feeds_carry_lead_link_and_image(client, article, url):
    response = client.get(url)

    assert response["Content-Type"].startswith("application/rss+xml")
    items = ElementTree.fromstring(response.content).findall("channel/item")
    item = next(i for i in items if i.findtext("title") == "Les Fêtes de Wallonie reviennent")
    assert item.findtext("description") == "Trois jours de fête au cœur de Namur."
    assert item.findtext("link").endswith("/actualites/fetes-de-wallonie/")
    enclosure = item.find("enclosure")
    assert enclosure.get("type") == "image/jpeg"
    assert enclosure.get("url").endswith("-800w.jpg")
    assert int(enclosure.get("length")) > 0


@pytest.mark.parametrize(
    "url",
    [
        "/actualites/flux.atom",
        "/actualites/theme/culture/flux.atom",
        "/actualites/tag/citadelle/flux.atom",
    ],
)
def test_atom_feeds_list_the_article(client, article, url):
    response = client.get(url)

    assert response["Content-Type"].startswith("application/atom+xml")
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    entries = ElementTree.fromstring(response.content).findall("atom:entry", ns)
    titles = [entry.findtext("atom:title", namespaces=ns) for entry in entries]
    assert "Les Fêtes de Wallonie reviennent" in titles


def test_pages_advertise_their_feeds(client, article):
    home = client.get("/").content.decode()
    topic = client.get("/actualites/theme/culture/").content.decode()

    assert 'type="application/rss+xml" title="Actualités (RSS)" href="/actualites/flux.rss"' in home
    assert 'type="application/atom+xml"' in home
    assert 'href="/actualites/theme/culture/flux.rss"' in topic


def test_sitemap_lists_articles_with_lastmod_and_robots_points_to_it(client, article):
    sitemap = client.get("/sitemap.xml").content.decode()
    robots = client.get("/robots.txt").content.decode()

    assert "/actualites/fetes-de-wallonie/</loc><lastmod>" in sitemap
    assert "/actualites/theme/culture/</loc>" in sitemap
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots


def test_home_shows_featured_then_latest_articles(client):
    featured = ArticleFactory(title="À la une aujourd’hui", featured=True, with_image=True)
    latest = ArticleFactory(title="Simple nouvelle")

    html = client.get("/").content.decode()

    assert html.index("À la une") < html.index(featured.title) < html.index("Dernières actualités")
    assert html.index("Dernières actualités") < html.index(latest.title)
    assert html.count(featured.title) == 1
