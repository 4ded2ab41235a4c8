"""Hidden articles (draft, in review, scheduled, expired, unpublished) appear nowhere public."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import Status
from tests.news.factories import ArticleFactory, TopicFactory

pytestmark = pytest.mark.django_db

HIDDEN_KINDS = {
    "draft": {"status": Status.DRAFT},
    "in-review": {"status": Status.REVIEW},
    "unpublished": {"status": Status.UNPUBLISHED},
    "scheduled": {"publication_date": timezone.now() + timedelta(days=3)},
    "expired": {
        "publication_date": timezone.now() - timedelta(days=10),
        "expiry_date": timezone.now() - timedelta(days=1),
    },
}
SECRET = "Titre-secret-non-publié"


@pytest.fixture(params=HIDDEN_KINDS.values(), ids=HIDDEN_KINDS.keys())
def hidden(request):
    topic = TopicFactory(name="Mobilité", slug="mobilite")
    visible = ArticleFactory(topic=topic, tags=["vélo"])
    month = timezone.localtime(visible.publication_date)
    fields = {"publication_date": visible.publication_date} | request.param
    article = ArticleFactory(
        title=SECRET, slug="secret", topic=topic, tags=["vélo", "secret"], featured=True, **fields
    )
    visible.related.add(article)
    return {"article": article, "visible": visible, "month": f"/actualites/{month:%Y/%m}/"}


def test_hidden_article_appears_on_no_public_page(client, hidden):
    urls = [
        "/",
        "/actualites/",
        "/actualites/theme/mobilite/",
        "/actualites/tag/velo/",
        hidden["month"],
        hidden["visible"].get_absolute_url(),
        "/actualites/flux.rss",
        "/actualites/flux.atom",
        "/actualites/theme/mobilite/flux.rss",
        "/actualites/tag/velo/flux.atom",
        "/sitemap.xml",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url
        assert "/actualites/secret/" not in response.content.decode(), url


def test_hidden_article_and_its_only_tag_are_404_for_the_public(client, hidden):
    assert client.get("/actualites/secret/").status_code == 404
    assert client.get("/actualites/tag/secret/").status_code == 404
    assert client.get("/actualites/tag/secret/flux.rss").status_code == 404


@pytest.mark.parametrize(
    ("permissions", "status_code"),
    [((), 404), (("view_article",), 404), (("change_article",), 200)],
    ids=["staff-without-permission", "staff-who-may-only-view", "editor-who-may-change"],
)
def test_only_staff_who_may_change_preview_a_hidden_article(
    client, hidden, make_staff, permissions, status_code
):
    client.force_login(make_staff("agent", *permissions))

    response = client.get("/actualites/secret/")

    assert response.status_code == status_code
    if status_code == 200:
        html = response.content.decode()
        assert "Aperçu — non publié" in html
        assert SECRET in html
        assert "no-cache" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert "application/ld+json" not in html


def test_a_visitor_without_a_session_gets_one_copy_for_everyone(client):
    # A shared cache keeps one copy of a page that does not vary on cookies.
    response = client.get(ArticleFactory().get_absolute_url())

    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")
