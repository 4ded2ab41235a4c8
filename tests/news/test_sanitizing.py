"""The article body is sanitised on every path into the database; other fields are escaped."""

import pytest
from django.test import Client

from news.models import Article
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db

HOSTILE_BODIES = {
    "script tag": "<p>Avant</p><script>alert('x')</script><p>Après</p>",
    "script split by entities": "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><scr<script>ipt>alert(1)</script>",
    "event handler": '<p onclick="alert(1)">Cliquez</p><a href="/" onmouseover="alert(1)">lien</a>',
    "javascript url": '<a href="javascript:alert(1)">lien</a>',
    "javascript url with entities": '<a href="jav&#x09;ascript:alert(1)">lien</a>',
    "javascript url uppercase": '<a href="JaVaScRiPt:alert(1)">lien</a>',
    "data url": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">lien</a>',
    "style attribute": '<p style="position:fixed;top:0">Texte</p>',
    "style element": "<style>body{display:none}</style><p>Texte</p>",
    "svg": '<svg onload="alert(1)"><script>alert(1)</script></svg><p>Texte</p>',
    "iframe": '<iframe src="https://exemple.org"></iframe><p>Texte</p>',
    "image with onerror": '<img src="x" onerror="alert(1)"><p>Texte</p>',
    "malformed nesting": "<p><strong>gras <em>et italique</p></strong> suite<h2>titre",
    "comment": "<!-- <script>alert(1)</script> --><p>Texte</p>",
    "form": '<form action="/"><input name="x"><button>Envoyer</button></form>',
}
FORBIDDEN = (
    "<script",
    "onclick",
    "onmouseover",
    "onerror",
    "onload",
    "javascript:",
    "data:",
    "style=",
    "<style",
    "<svg",
    "<iframe",
    "<img",
    "<form",
    "<input",
    "alert(1)</",
)


def assert_clean(html: str):
    lowered = html.lower()
    for needle in FORBIDDEN:
        assert needle not in lowered, needle


@pytest.mark.parametrize("body", HOSTILE_BODIES.values(), ids=HOSTILE_BODIES.keys())
def test_model_saved_from_code_keeps_only_allowed_html(body):
    article = ArticleFactory(body=body)

    article.refresh_from_db()
    assert_clean(article.body)


@pytest.mark.parametrize("body", HOSTILE_BODIES.values(), ids=HOSTILE_BODIES.keys())
def test_queryset_update_is_sanitised_too(body):
    article = ArticleFactory()

    Article.objects.filter(pk=article.pk).update(body=body)

    article.refresh_from_db()
    assert_clean(article.body)


def test_allowed_writing_survives_and_external_links_get_noopener():
    body = (
        "<h2>Intertitre</h2><h3>Sous-titre</h3><h4>Détail</h4>"
        "<p><strong>Gras</strong>, <em>italique</em><br>ligne</p>"
        '<ul><li><a href="https://www.namur.be/">site</a></li>'
        '<li><a href="mailto:presse@namur.be">courriel</a></li>'
        '<li><a href="tel:+3281246000">téléphone</a></li>'
        '<li><a href="/actualites/">interne</a></li></ul>'
        "<ol><li>un</li></ol><blockquote><p>Citation</p></blockquote>"
        "<figure><figcaption>Légende</figcaption></figure>"
    )

    article = ArticleFactory(body=body)

    for fragment in (
        "<h2>Intertitre</h2><h3>Sous-titre</h3><h4>Détail</h4>",
        "<p><strong>Gras</strong>, <em>italique</em><br>ligne</p>",
        '<a href="https://www.namur.be/" rel="noopener">site</a>',
        '<a href="mailto:presse@namur.be" rel="noopener">courriel</a>',
        '<a href="tel:+3281246000" rel="noopener">téléphone</a>',
        '<a href="/actualites/" rel="noopener">interne</a>',
        "<ol><li>un</li></ol><blockquote><p>Citation</p></blockquote>",
    ):
        assert fragment in article.body
    # The editor's only figures are library images by reference; any other is unwrapped:
    # the tags go, the words stay.
    assert "<figure" not in article.body
    assert "Légende" in article.body


def test_admin_form_saves_a_sanitised_body(admin_client):
    article = ArticleFactory()
    url = f"/admin/news/article/{article.pk}/change/"
    data = {
        "title": article.title,
        "slug": article.slug,
        "lead": article.lead,
        "body": HOSTILE_BODIES["script tag"] + HOSTILE_BODIES["event handler"],
        "topic": article.topic.pk,
        "status": "published",
        "publication_date_0": "01/11/2026",
        "publication_date_1": "09:00:00",
        "image": "",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert_clean(article.body)
    assert "<p>Avant</p>" in article.body


def test_script_typed_in_a_body_never_reaches_the_page_or_the_feed():
    article = ArticleFactory(body=HOSTILE_BODIES["script tag"], title="<script>alert(2)</script>")
    client = Client()

    page = client.get(article.get_absolute_url()).content.decode()
    feed = client.get("/actualites/flux.rss").content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "<script>alert" not in feed
