"""Site search: French words with or without accents, ranking, filters, and only live content."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from core.models import Status
from news.models import Article
from tests.news.factories import ArticleFactory, TopicFactory

pytestmark = pytest.mark.django_db
ON_POSTGRESQL = connection.vendor == "postgresql"


def titles(client, **params):
    response = client.get("/recherche/", params)
    assert response.status_code == 200
    return [r.item.title for r in response.context["results"]]


@pytest.fixture
def articles():
    culture = TopicFactory(name="Culture", slug="culture")
    mobilite = TopicFactory(name="Mobilité", slug="mobilite")
    return {
        "title": ArticleFactory(
            title="Élection du conseil des jeunes",
            lead="Les jeunes Namurois votent.",
            body="<p>Un scrutin pour les 12-18 ans.</p>",
            topic=culture,
        ),
        "body": ArticleFactory(
            title="Rentrée à l’Hôtel de Ville",
            lead="Le point sur la rentrée.",
            body="<p>Après l’élection, le conseil se réunit à la Citadelle.</p>",
            topic=mobilite,
            publication_date=timezone.now() - timedelta(days=400),
        ),
        "other": ArticleFactory(
            title="Marché de Noël",
            lead="Des chalets place d’Armes.",
            body='<p>Voir <a href="/actualites/election-speciale/">le plan</a>.</p>',
            topic=culture,
        ),
    }


@pytest.mark.parametrize("query", ["election", "ÉLECTION", "Élection", "élections"])
def test_accents_and_case_do_not_matter_and_title_matches_rank_first(client, articles, query):
    assert titles(client, q=query) == [
        "Élection du conseil des jeunes",
        "Rentrée à l’Hôtel de Ville",
    ]


def test_plural_finds_the_singular(client, articles):
    assert "Marché de Noël" in titles(client, q="marchés")


def test_french_stemming(client):
    ArticleFactory(title="Rénovation de la salle omnisports", lead="Fin des travaux.")

    assert titles(client, q="rénover") == ["Rénovation de la salle omnisports"]
    assert titles(client, q="renovations") == ["Rénovation de la salle omnisports"]


def test_words_inside_html_tags_are_not_matched(client, articles):
    assert "Marché de Noël" not in titles(client, q="speciale")
    assert titles(client, q="href") == []


def test_filters_by_kind_topic_and_year(client, articles):
    year = articles["body"].publication_date.year

    assert titles(client, q="election", theme="culture") == ["Élection du conseil des jeunes"]
    assert titles(client, q="election", annee=year) == ["Rentrée à l’Hôtel de Ville"]
    assert len(titles(client, q="election", type="actualites")) == 2
    assert titles(client, q="election", type="communiques") == []


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Status.DRAFT},
        {"status": Status.REVIEW},
        {"status": Status.UNPUBLISHED},
        {"publication_date": timezone.now() + timedelta(days=2)},
        {
            "publication_date": timezone.now() - timedelta(days=5),
            "expiry_date": timezone.now() - timedelta(days=1),
        },
    ],
    ids=["draft", "review", "unpublished", "scheduled", "expired"],
)
def test_hidden_content_is_never_found(client, fields):
    ArticleFactory(title="Dossier confidentiel Zorglub", **fields)

    assert titles(client, q="zorglub") == []


HOSTILE = [
    "",
    " ",
    "x" * 2000,
    '"',
    '"rue de',
    "' OR 1=1 --",
    "'; DROP TABLE news_article; --",
    "!!! & | <-> :* ()",
    "-",
    "OR AND NOT",
    "%_%",
    "<script>alert(1)</script>",
    "\x00\x01",
    "🚲 vélo",
    "a",
]
QUERIES_WITHOUT_WORDS = {"", " ", '"', "-", "!!! & | <-> :* ()", "%_%", "\x00\x01"}


@pytest.mark.parametrize("filters", [{}, {"annee": "abc", "theme": "inconnu"}], ids=["", "bad"])
@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_give_a_normal_page(client, articles, query, filters):
    response = client.get("/recherche/", {"q": query, **filters})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert Article.objects.count() == 3
    assert len(response.context["query"]) <= 200
    if query in QUERIES_WITHOUT_WORDS:
        assert response.context["results"] == []


def test_excerpt_highlights_matches_and_escapes_the_rest(client):
    ArticleFactory(
        title="Piège",
        lead="Un chapô.",
        body="<p>Le mot &lt;b&gt;citadelle&lt;/b&gt; et la Citadelle encore.</p>",
    )

    html = client.get("/recherche/", {"q": "citadelle"}).content.decode()

    assert "<mark>Citadelle</mark>" in html or "<mark>citadelle</mark>" in html
    assert "&lt;b&gt;" in html
    assert "<b>" not in html


def test_result_count_and_pagination(client):
    for n in range(12):
        ArticleFactory(title=f"Piscine numéro {n}")

    first = client.get("/recherche/", {"q": "piscine"})
    second = client.get("/recherche/", {"q": "piscine", "page": 2})

    assert "12 résultats pour « piscine »" in first.content.decode()
    assert len(first.context["results"]) == 10
    assert len(second.context["results"]) == 2
    assert 'href="?q=piscine&amp;page=2"' in first.content.decode()


def test_no_result_says_so(client, articles):
    html = client.get("/recherche/", {"q": "zorglub"}).content.decode()

    assert "Aucun résultat pour « zorglub »" in html


def test_every_page_has_a_search_field(client):
    html = client.get("/").content.decode()

    assert 'role="search"' in html
    assert 'name="q"' in html
    assert "Rechercher sur le site" in html


def test_updates_made_without_save_are_found_after_a_rebuild_on_both_databases(client, articles):
    Article.objects.filter(pk=articles["other"].pk).update(title="Patinoire en plein air")

    assert titles(client, q="patinoire") == []
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert titles(client, q="patinoire") == ["Patinoire en plein air"]


def test_press_releases_are_found_alongside_news_and_filtered_by_kind(client, articles):
    from tests.press.factories import PressReleaseFactory

    PressReleaseFactory(title="Élection du bureau des jeunes : communiqué")

    everything = titles(client, q="election")
    releases = titles(client, q="election", type="communiques")
    news_only = titles(client, q="election", type="actualites")

    assert "Élection du bureau des jeunes : communiqué" in everything
    assert len(everything) == 3
    assert releases == ["Élection du bureau des jeunes : communiqué"]
    assert "Élection du bureau des jeunes : communiqué" not in news_only
    html = client.get("/recherche/", {"q": "election"}).content.decode()
    assert "Communiqués de presse" in html
