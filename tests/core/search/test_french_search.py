"""French stemming, ranking and highlights: the same results on SQLite and on PostgreSQL."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from news.models import Article
from tests.core.search.test_search import titles
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def page(client, query: str) -> str:
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def works():
    return ArticleFactory(
        title="Pont de Jambes",
        lead="Le chantier reprend lundi.",
        body="<p>Les travaux budgétaires du pont, rue de Fer, de la mi-mars à la fin avril.</p>",
    )


def test_a_verb_finds_its_noun_through_french_stemming(client):
    ArticleFactory(
        title="Noël à Namur",
        lead="Le marché ouvre vendredi.",
        body="<p>Les illuminations de la Citadelle s’allument à 17 heures.</p>",
    )

    assert titles(client, q="illuminer") == ["Noël à Namur"]
    assert titles(client, q="illumination") == ["Noël à Namur"]
    assert titles(client, q="rénover") == []


def test_highlights_mark_whole_words(client, works):
    assert "<mark>travaux</mark>" in page(client, "travaux")
    assert "<mark>budgétaires</mark>" in page(client, "budgétaire")
    assert "<mark>travaux</mark> <mark>budgétaires</mark>" in page(client, "TRAVAUX budgetaire")


def test_a_phrase_marks_its_words_but_not_its_stop_words(client, works):
    html = page(client, '"rue de Fer"')

    assert titles(client, q='"rue de Fer"') == ["Pont de Jambes"]
    assert "<mark>rue</mark> de <mark>Fer</mark>" in html
    assert "<mark>de</mark>" not in html and "<mark>la</mark>" not in html


def test_a_phrase_needs_its_words_in_order_and_keeps_its_gaps(client, works):
    assert titles(client, q='"fer rue"') == []
    assert titles(client, q="fer rue") == ["Pont de Jambes"]
    assert titles(client, q='"rue du fer"') == ["Pont de Jambes"]
    assert titles(client, q='"rue fer"') == []


def test_minus_excludes_and_or_offers_a_choice(client, works):
    ArticleFactory(title="Travaux place d’Armes")

    assert titles(client, q="travaux -pont") == ["Travaux place d’Armes"]
    assert sorted(titles(client, q="jambes or armes")) == [
        "Pont de Jambes",
        "Travaux place d’Armes",
    ]


def test_title_ranks_above_lead_above_body(client):
    now = timezone.now()
    ArticleFactory(
        title="Piscine de Salzinnes",
        lead="Les bassins rouvrent.",
        publication_date=now - timedelta(days=3),
    )
    ArticleFactory(
        title="Sports d’été",
        lead="La piscine de Jambes prolonge ses heures.",
        publication_date=now - timedelta(days=2),
    )
    ArticleFactory(
        title="Vacances à Namur",
        body="<p>Stages, piscine, plaine de jeux : la piscine ouvre tôt, une piscine chauffée.</p>",
        publication_date=now - timedelta(days=1),
    )

    assert titles(client, q="piscines") == [
        "Piscine de Salzinnes",
        "Sports d’été",
        "Vacances à Namur",
    ]


def test_a_query_of_stop_words_says_so(client, works):
    html = page(client, "de la")

    assert "« de la » ne contient que des mots trop courants" in html
    assert "Aucun résultat" not in html


HOSTILE = {
    '"pont': ["Pont de Jambes"],
    'pont"': ["Pont de Jambes"],
    '""': [],
    '"" pont': ["Pont de Jambes"],
    "pont*": ["Pont de Jambes"],
    "^pont": ["Pont de Jambes"],
    "-pont": [],
    "pont -": ["Pont de Jambes"],
    "- - -": [],
    "NEAR(pont chantier)": [],
    "NEAR": [],
    "pont NOT": [],
    "pont AND OR NOT chantier": [],
    "title:pont": [],
    "{title lead}:pont": [],
    "lead : pont": [],
    "(pont": ["Pont de Jambes"],
    "pont)": ["Pont de Jambes"],
    "pont + chantier": ["Pont de Jambes"],
    "or": [],
    "or or or": [],
    "pont or": [],
    "'pont'": ["Pont de Jambes"],
    "pont_jambes": [],
    "pont_de_jambes": ["Pont de Jambes"],
    "%pont%": ["Pont de Jambes"],
    "pont\\": ["Pont de Jambes"],
    "rowid=1": [],
}


@pytest.mark.parametrize("query", HOSTILE)
def test_fts5_syntax_typed_in_a_query_is_read_as_words(client, works, query):
    assert titles(client, q=query) == HOSTILE[query]
    assert Article.objects.count() == 1


def test_rebuild_command_indexes_content_written_around_save(client, works):
    Article.objects.filter(pk=works.pk).update(title="Passerelle de l’Enjambée", search_document="")
    assert titles(client, q="passerelle") == []

    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)

    assert titles(client, q="passerelle") == ["Passerelle de l’Enjambée"]
    assert "Actualités : 1 contenu(s) réindexé(s)." in out.getvalue()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="l’index FTS5 est celui de SQLite")
def test_deleted_items_leave_the_sqlite_index(works):
    works.delete()

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM news_article_search")
        assert cursor.fetchone() == (0,)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="l’index FTS5 est celui de SQLite")
@pytest.mark.django_db(transaction=True)
def test_the_sqlite_index_follows_saves_after_a_migration_rebuilds_the_table(client):
    from django.core.management.sql import emit_post_migrate_signal

    # What SQLite's schema editor does for most field changes: copy, drop, rename the table.
    with connection.schema_editor() as editor:
        editor._remake_table(Article)
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    ArticleFactory(title="Illuminations de la Citadelle")

    assert titles(client, q="illuminer") == ["Illuminations de la Citadelle"]
