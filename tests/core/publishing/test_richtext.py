"""The editor and the sanitiser share one configuration, and the editor runs under the CSP."""

import json
import re

import pytest

from core import richtext, sanitize
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_the_sanitiser_allows_exactly_what_the_toolbar_offers():
    offered = {"p", "br", "h2", "h3", "h4", "strong", "em", "a", "ul", "ol", "li", "blockquote"}
    # « Image de la photothèque » writes an empty figure that names a library image.
    assert offered | {"figure"} == sanitize.ALLOWED_TAGS
    assert sanitize.ALLOWED_ATTRIBUTES["a"] == {"href", "title", "data-ref"}
    assert sanitize.ALLOWED_ATTRIBUTES["figure"] == {"data-image"}
    assert richtext.EXTENSIONS["Heading"] == {"levels": [2, 3, 4]}


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("<h1>Titre</h1>", "Titre"),
        ("<h5>Détail</h5>", "Détail"),
        ("<p><u>souligné</u></p>", "<p>souligné</p>"),
        (
            '<p><a href="/" target="_blank">lien</a></p>',
            '<p><a href="/" rel="noopener">lien</a></p>',
        ),
        ("<table><tr><td>case</td></tr></table>", "case"),
    ],
)
def test_what_the_editor_cannot_make_is_removed(typed, kept):
    cleaned = sanitize.clean_html(typed)
    assert kept in cleaned
    assert not re.search(r"<(h1|h5|u|table|td)\b|target=", cleaned)


@pytest.mark.parametrize("kind", ["news/article", "press/pressrelease"])
def test_the_editor_loads_with_the_request_nonce_and_no_inline_allowance(admin_client, kind):
    response = admin_client.get(f"/admin/{kind}/add/")
    html = response.content.decode()
    policy = response["Content-Security-Policy"]

    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert f'<script type="importmap" nonce="{nonce}">' in html
    assert "'unsafe-inline'" not in policy
    assert "style-src 'self'" in policy
    assert 'src="/static/js/admin-richtext.js"' in html
    config = json.loads(
        re.search(r'data-django-prose-editor-namur="([^"]+)"', html).group(1).replace("&quot;", '"')
    )
    assert {"Heading", "Bold", "Italic", "Link", "BulletList", "OrderedList", "Blockquote"} <= set(
        config["extensions"]
    )
    assert "NoSpellCheck" not in config["extensions"]


def test_press_notes_use_the_editor_too(admin_client):
    html = admin_client.get("/admin/press/pressrelease/add/").content.decode()
    assert html.count("data-django-prose-editor-namur=") == 2  # body and notes aux rédactions


def test_an_existing_body_round_trips_through_the_editor_field(admin_client):
    article = ArticleFactory(body="<h2>Intertitre</h2><ul><li>un</li></ul>")
    html = admin_client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    assert "&lt;h2&gt;Intertitre&lt;/h2&gt;&lt;ul&gt;&lt;li&gt;un&lt;/li&gt;&lt;/ul&gt;" in html
