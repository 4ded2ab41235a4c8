"""Library images in bodies: expanded as they are now, escaped, in one query, keyed for purges."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.caching.http_cache import drain_purges
from core.photos.embed import expand_images
from core.sanitize import clean_html
from tests.core.photos.factories import ImageFactory
from tests.news.factories import ArticleFactory
from tests.press.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db


def test_the_sanitiser_keeps_an_embedded_image_and_nothing_more():
    html = '<figure data-image="12" onclick="x()" class="y"><img src="x"></figure>'
    assert clean_html(html) == '<figure data-image="12"></figure>'


def test_every_image_of_a_body_is_expanded_in_one_query():
    first = ImageFactory(caption="Le pont", credit="© Ville de Namur")
    second = ImageFactory(caption="", credit="")
    html = (
        f'<p>Avant</p><figure data-image="{first.pk}"></figure>'
        f'<p>Entre</p><figure data-image="{second.pk}"></figure>'
    )
    with CaptureQueriesContext(connection) as queries:
        expanded, keys = expand_images(html)
    assert len(queries) == 1
    assert keys == {f"photos.image:{first.pk}", f"photos.image:{second.pk}"}
    assert expanded.count("<picture>") == 2
    assert expanded.count('<figure class="article__figure library-image">') == 2
    assert '<figcaption>Le pont — <span class="credit">© Ville de Namur</span></figcaption>' in (
        expanded
    )
    assert expanded.count("<figcaption>") == 1
    assert 'type="image/webp"' in expanded and " 800w" in expanded
    assert expanded.startswith("<p>Avant</p>")


def test_a_deleted_image_shows_nothing_to_the_public():
    html = '<p>Avant</p><figure data-image="999999"></figure><p>Après</p>'
    expanded, keys = expand_images(html)
    assert expanded == "<p>Avant</p><p>Après</p>"
    assert keys == {"photos.image:999999"}


def test_what_an_editor_typed_about_an_image_is_escaped():
    image = ImageFactory(
        alt='Un "pont" <script>', caption="<b>Légende</b>", credit="© <i>Studio</i>"
    )
    expanded, _keys = expand_images(f'<figure data-image="{image.pk}"></figure>')
    assert "<script>" not in expanded and "<b>" not in expanded and "<i>" not in expanded
    assert 'alt="Un &quot;pont&quot; &lt;script&gt;"' in expanded
    assert "&lt;b&gt;Légende&lt;/b&gt;" in expanded


def test_a_body_without_images_costs_no_query():
    with CaptureQueriesContext(connection) as queries:
        expanded, keys = expand_images("<p>Rien</p>")
    assert (expanded, keys, len(queries)) == ("<p>Rien</p>", set(), 0)


@pytest.mark.parametrize("kind", ["article", "release"])
def test_the_public_page_shows_the_image_and_carries_its_key(client, kind, settings):
    settings.PAGE_CACHE_SECONDS = 600
    image = ImageFactory(caption="La citadelle au printemps", credit="© Studio Meuse")
    body = f'<p>Le texte.</p><figure data-image="{image.pk}"></figure>'
    item = (ArticleFactory if kind == "article" else PressReleaseFactory)(body=body)
    response = client.get(item.get_absolute_url())
    page = response.content.decode()
    assert "La citadelle au printemps — " in page
    assert '<span class="credit">© Studio Meuse</span>' in page
    assert 'alt="La place d’Armes sous le soleil"' in page
    assert f"photos.image:{image.pk}" in response["xkey"].split()


def test_the_release_page_shows_its_lead_image(client):
    image = ImageFactory(caption="Le pont", credit="© Ville de Namur")
    release = PressReleaseFactory(image=image)
    page = client.get(release.get_absolute_url()).content.decode()
    header_end = page.index("</header>", page.index('class="article__header"'))
    figure = page.index('<figure class="article__figure library-image">')
    assert header_end < figure < page.index('class="prose article__body"')


def test_editing_an_image_purges_the_pages_showing_it(committed, purge_log, admin_client):
    image = ImageFactory()
    with committed():
        admin_client.post(
            f"/admin/photos/image/{image.pk}/change/",
            {
                "title": image.title,
                "alt": "Une meilleure description",
                "caption": "",
                "credit": "",
                "licence": "",
                "focal_x": "0.3",
                "focal_y": "0.4",
            },
        )
    drain_purges(timeout=5)
    assert any(f"photos.image:{image.pk}" in keys for keys in purge_log.purges)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (
            '<figure data-image="7"><img src="x"><figcaption>a</figcaption></figure>',
            '<figure data-image="7"></figure>',
        ),
        ("<figure><figcaption>Légende</figcaption></figure>", "Légende"),
        ('<figure data-image="abc">Texte</figure>', "Texte"),
    ],
)
def test_a_figure_is_only_ever_an_empty_library_reference(typed, kept):
    assert clean_html(typed) == kept


def test_the_checks_flag_a_text_image_gone_or_badly_described(admin_client):
    named = ImageFactory(title="Le pont", alt="IMG_2041.jpg")
    body = f'<figure data-image="{named.pk}"></figure><figure data-image="999999"></figure>'

    answer = admin_client.post("/admin/news/article/verifications/", {"body": body}).json()

    assert answer["count"] == 2
    assert "« IMG_2041.jpg » est un nom de fichier" in answer["html"]
    assert "n’existe plus dans la photothèque (n° 999999)" in answer["html"]
