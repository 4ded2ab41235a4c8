"""Every news page costs a fixed number of SQL queries, however much content there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.news.factories import ArticleFactory, TopicFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "home": "/",
    "list": "/actualites/",
    "detail": "/actualites/article-0/",
    "topic": "/actualites/theme/culture/",
    "tag": "/actualites/tag/commun/",
    "archive": "/actualites/{month}/",
    "feed": "/actualites/flux.rss",
    "tag feed": "/actualites/tag/commun/flux.atom",
    "sitemap": "/sitemap.xml",
    # Every article matches: ten results shown of many counted.
    "search": "/recherche/?q=actualit%C3%A9",
}
BUDGET = 5  # the target for every public page


def build(count: int) -> str:
    culture = TopicFactory(name="Culture", slug="culture")
    others = [TopicFactory() for _ in range(3)]
    articles = [
        ArticleFactory(
            slug=f"article-{n}",
            topic=culture if n % 2 else others[n % 3],
            tags=["commun", f"tag-{n}", f"autre-{n % 4}"],
        )
        for n in range(count)
    ]
    articles[0].related.set(articles[1:])
    return f"{articles[0].publication_date:%Y/%m}"


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_query_count_does_not_grow_with_content(client, url):
    month = build(3)
    client.get(url.format(month=month))  # warm the site and content-type caches
    small = count_queries(client, url.format(month=month))
    ArticleFactory.create_batch(25, topic=TopicFactory(), tags=["commun", "grand"])
    client.get(url.format(month=month))  # the new content refills the shared sidebar
    large = count_queries(client, url.format(month=month))

    assert small == large
    assert large <= BUDGET


def test_a_list_is_counted_once_for_all_its_pages_until_content_changes(client):
    ArticleFactory.create_batch(30, tags=["commun"])
    client.get("/actualites/")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/actualites/?page=2")
    counts = [query["sql"] for query in queries if "COUNT(" in query["sql"]]

    assert response.status_code == 200
    assert counts == []
    assert "page=3" in response.content.decode()

    ArticleFactory.create_batch(12)

    assert "page=4" in client.get("/actualites/?page=2").content.decode()


def test_counts_of_different_lists_are_kept_apart(client):
    ArticleFactory.create_batch(13, tags=["commun"])
    ArticleFactory.create_batch(25, tags=["autre"])

    commun = client.get("/actualites/tag/commun/").content.decode()
    autre = client.get("/actualites/tag/autre/").content.decode()

    assert "page=2" in commun and "page=3" not in commun
    assert "page=3" in autre
