"""The change lists of a large archive: search through the index, no whole-table count, flat
queries per page, filters and the date drill (core.publishing.admin_scale)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Status
from core.publishing.admin_scale import DatesFromIndex, LargeTablePaginator
from news.admin import ArticleAdmin
from news.models import Article
from tests.news.factories import ArticleFactory, TopicFactory
from tests.press.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db

LISTS = {
    "article": (ArticleFactory, "/admin/news/article/"),
    "release": (PressReleaseFactory, "/admin/press/pressrelease/"),
}


def listed(client, url, **params) -> list[str]:
    response = client.get(url, params)
    assert response.status_code == 200
    return [item.title for item in response.context["cl"].result_list]


@pytest.mark.parametrize("kind", LISTS)
def test_search_finds_an_item_by_title_text_address_and_id(admin_client, kind):
    factory, url = LISTS[kind]
    wanted = factory(
        title="Travaux rue de Fer",
        slug="chantier-historique-jambes",
        body="<p>La passerelle reste ouverte aux piétons.</p>",
    )
    other = factory(title="Concert à la Citadelle", body=f"<p>Le {wanted.pk} juin.</p>")

    assert listed(admin_client, url, q="Fer") == ["Travaux rue de Fer"]
    assert listed(admin_client, url, q="travaux fer") == ["Travaux rue de Fer"]
    assert listed(admin_client, url, q="passerelle") == ["Travaux rue de Fer"]
    assert listed(admin_client, url, q="pietons") == ["Travaux rue de Fer"]  # accents ignored
    assert listed(admin_client, url, q="jambes") == ["Travaux rue de Fer"]  # the slug's words
    # The item of that id first, then those that hold the number.
    assert listed(admin_client, url, q=str(wanted.pk)) == [wanted.title, other.title]
    assert listed(admin_client, url, q="citad") == ["Concert à la Citadelle"]  # as one types
    assert listed(admin_client, url, q="zorglub") == []


def test_the_best_match_comes_first_unless_the_editor_sorts(admin_client):
    url = LISTS["article"][1]
    ArticleFactory(
        title="Le marché du samedi", publication_date=timezone.now() - timedelta(hours=1)
    )
    ArticleFactory(title="Citadelle : la Meuse en crue", body="<p>Le marché est déplacé.</p>")

    # The title weighs more than the text, though the other item is newer.
    assert listed(admin_client, url, q="marché") == [
        "Le marché du samedi",
        "Citadelle : la Meuse en crue",
    ]
    by_title = listed(admin_client, url, q="marché", o="2")  # the title's column
    assert by_title == ["Citadelle : la Meuse en crue", "Le marché du samedi"]


def test_the_related_articles_autocomplete_finds_a_word_as_it_is_typed(admin_client):
    wanted = ArticleFactory(title="La Citadelle illuminée", slug="citadelle-illuminee")
    ArticleFactory(title="Piscine de Jambes")

    response = admin_client.get(
        "/admin/autocomplete/",
        {"term": "illumin", "app_label": "news", "model_name": "article", "field_name": "related"},
    )

    assert response.json()["results"] == [{"id": str(wanted.pk), "text": "La Citadelle illuminée"}]


@pytest.mark.parametrize(
    "typed",
    [
        '<script>alert("x")</script>',
        "fer & !citadelle | (a:*) 'b",
        "100% _rue_ \\ ‘quote’ -",
        "99999999999999999999999",
    ],
)
def test_whatever_is_typed_is_searched_and_shown_escaped(admin_client, typed):
    ArticleFactory(title="Travaux rue de Fer")

    response = admin_client.get("/admin/news/article/", {"q": typed})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    if "<" in typed:
        assert 'value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"' in html


@pytest.mark.parametrize("kind", LISTS)
def test_listing_never_counts_the_whole_table(admin_client, kind):
    factory, url = LISTS[kind]
    factory.create_batch(3)

    for params in ({}, {"q": "numéro"}, {"status__exact": "published"}):
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url, params).status_code == 200
        counts = [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]
        assert counts, "the list says how many items it holds"
        assert all("LIMIT" in sql.upper() for sql in counts), counts


@pytest.mark.parametrize("kind", LISTS)
def test_a_page_costs_the_same_queries_with_10_or_50_items(admin_client, kind):
    factory, url = LISTS[kind]

    def queries_for(total):
        factory.create_batch(total - factory._meta.model.objects.count(), status=Status.DRAFT)
        admin_client.get(url)  # what is read once per process (content types)
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(url)
        assert len(response.context["cl"].result_list) == total
        return len(captured)

    assert queries_for(10) == queries_for(50)


def test_past_the_counted_items_the_list_goes_on_page_by_page(admin_client, monkeypatch):
    monkeypatch.setattr(LargeTablePaginator, "limit", 5)
    monkeypatch.setattr(ArticleAdmin, "list_per_page", 5)
    ArticleFactory.create_batch(12)

    first = admin_client.get("/admin/news/article/").content.decode()
    last = admin_client.get("/admin/news/article/", {"p": 3})

    if connection.vendor == "postgresql":
        assert "environ" in first  # the planner's estimate
    else:
        assert "plus de 5 actualités" in first
    assert "Page suivante" in first
    assert len(last.context["cl"].result_list) == 2
    assert "Page suivante" not in last.content.decode()


def test_filters_and_the_date_drill_still_narrow_the_list(admin_client):
    now = timezone.now()
    culture = TopicFactory(name="Culture", slug="culture")
    ArticleFactory(title="Ancien", publication_date=now.replace(year=now.year - 3))
    ArticleFactory(title="Récent", topic=culture, publication_date=now.replace(year=now.year - 1))
    ArticleFactory(title="Brouillon", status=Status.DRAFT, publication_date=None)
    url = "/admin/news/article/"

    assert listed(admin_client, url, status__exact="draft") == ["Brouillon"]
    assert listed(admin_client, url, topic__id__exact=culture.pk) == ["Récent"]
    assert listed(admin_client, url, publication_date__year=now.year - 1) == ["Récent"]
    html = admin_client.get(url).content.decode()
    # Only the years that hold an item are offered.
    assert f"?publication_date__year={now.year - 3}" in html
    assert f"?publication_date__year={now.year - 1}" in html
    assert f"?publication_date__year={now.year - 2}" not in html
    drill = admin_client.get(url, {"publication_date__year": now.year - 1}).content.decode()
    assert f"publication_date__month={now.month}" in drill


def test_a_large_list_finds_its_dates_by_probing_the_index():
    now = timezone.localtime()
    older = now.replace(year=now.year - 3, month=3, day=14)
    ArticleFactory(publication_date=older)
    ArticleFactory(publication_date=older + timedelta(days=1))
    ArticleFactory(publication_date=now.replace(year=now.year - 1))
    ArticleFactory(title="Brouillon sans date", status=Status.DRAFT, publication_date=None)
    dates = DatesFromIndex(Article.objects.all(), "publication_date")
    dates.few = False  # as for a million rows: probed, not read

    years = dates.datetimes("publication_date", "year")

    assert [moment.year for moment in years] == [now.year - 3, now.year - 1]
    in_march = DatesFromIndex(
        Article.objects.filter(publication_date__year=now.year - 3), "publication_date"
    )
    in_march.few = False
    assert [moment.day for moment in in_march.datetimes("publication_date", "day")] == [14, 15]
