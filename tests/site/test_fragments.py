"""Parts of the layout kept rendered in the cache ({% fragment %}) until content changes."""

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site

from news.models import Topic
from tests.news.factories import ArticleFactory, TopicFactory

pytestmark = pytest.mark.django_db


def sidebar_link(name: str) -> str:
    """The topic « culture » in the sidebar of a list that is not its own."""
    return f'<li><a href="/actualites/theme/culture/">{name}</a></li>'


def test_a_renamed_topic_shows_in_the_sidebar_of_every_list_at_once(client):
    culture = TopicFactory(name="Culture", slug="culture")
    ArticleFactory(topic=culture, tags=["fete"])
    ArticleFactory(topic=TopicFactory(name="Sport", slug="sport"))
    for url in ("/actualites/", "/actualites/tag/fete/"):
        assert sidebar_link("Culture") in client.get(url).content.decode()

    # A change that sends no signal leaves the rendered sidebar as it was: it is kept.
    Topic.objects.filter(pk=culture.pk).update(name="Culture (non signalé)")
    assert sidebar_link("Culture") in client.get("/actualites/").content.decode()

    culture.name = "Culture et loisirs"
    culture.save()

    for url in ("/actualites/", "/actualites/tag/fete/", "/actualites/theme/sport/"):
        html = client.get(url).content.decode()
        assert sidebar_link("Culture et loisirs") in html
        assert sidebar_link("Culture") not in html


def test_the_current_topic_is_marked_in_its_own_sidebar_only(client):
    culture = TopicFactory(name="Culture", slug="culture")
    ArticleFactory(topic=culture)
    ArticleFactory(topic=TopicFactory(name="Sport", slug="sport"))

    assert 'href="/actualites/theme/culture/" aria-current="page"' in (
        client.get("/actualites/theme/culture/").content.decode()
    )
    for url in ("/actualites/", "/actualites/theme/sport/"):
        html = client.get(url).content.decode()
        assert 'href="/actualites/theme/culture/" aria-current="page"' not in html


def test_the_navigation_marks_the_section_of_each_page(client):
    ArticleFactory(slug="une-actualite")
    marked = {
        "/": '<a href="/" aria-current="page">Accueil</a>',
        "/actualites/": '<a href="/actualites/" aria-current="page">Actualités</a>',
        "/actualites/une-actualite/": '<a href="/actualites/" aria-current="page">Actualités</a>',
        "/presse/": '<a href="/presse/" aria-current="page">Presse</a>',
    }
    for url, link in marked.items():
        html = client.get(url).content.decode()
        assert link in html, url
        assert html.count('aria-current="page"') - html.count('<span aria-current="page">') == 1


def test_a_new_legal_page_shows_in_the_footer_of_every_page(client):
    assert "Accessibilité" not in client.get("/").content.decode()

    page = FlatPage.objects.create(url="/accessibilite/", title="Accessibilité")
    page.sites.add(Site.objects.get_current())

    for url in ("/", "/actualites/", "/presse/"):
        assert '<a href="/pages/accessibilite/">Accessibilité</a>' in (
            client.get(url).content.decode()
        )
