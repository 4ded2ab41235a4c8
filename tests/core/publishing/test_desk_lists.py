"""The change lists of articles and releases: work first, thumbnails, state badges."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import Status
from news.models import Article
from tests.news.factories import ArticleFactory
from tests.press.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db


def titles(html: str) -> list[str]:
    return re.findall(r'<th class="field-title"><a href="[^"]+">([^<]+)</a>', html)


@pytest.mark.parametrize(
    ("factory", "url"),
    [(ArticleFactory, "/admin/news/article/"), (PressReleaseFactory, "/admin/press/pressrelease/")],
)
def test_drafts_then_items_in_review_come_first(admin_client, factory, url):
    now = timezone.now()
    factory(title="Publié avant-hier", publication_date=now - timedelta(days=2))
    factory(title="Publié hier", publication_date=now - timedelta(days=1))
    factory(title="Planifié", publication_date=now + timedelta(days=3))
    factory(title="Dépublié", status=Status.UNPUBLISHED, publication_date=now - timedelta(days=9))
    factory(title="En relecture", status=Status.REVIEW, publication_date=None)
    factory(title="Vieux brouillon", status=Status.DRAFT, publication_date=None)
    factory(title="Brouillon récent", status=Status.DRAFT, publication_date=None)
    model = factory._meta.model
    model.objects.filter(title="Vieux brouillon").update(updated=now - timedelta(days=5))

    html = admin_client.get(url).content.decode()

    assert titles(html) == [
        "Brouillon récent",
        "Vieux brouillon",
        "En relecture",
        "Planifié",
        "Publié hier",
        "Publié avant-hier",
        "Dépublié",
    ]
    # A column header still sorts the list as the editor asks: titles, Z to A.
    title_column = 1 if factory is PressReleaseFactory else 2  # after the thumbnail
    by_title = admin_client.get(url, {"o": f"-{title_column}"})
    assert titles(by_title.content.decode())[:2] == ["Vieux brouillon", "Publié hier"]


def test_the_state_is_a_badge_in_words(admin_client):
    ArticleFactory(title="En relecture", status=Status.REVIEW, publication_date=None)
    ArticleFactory(title="Plus tard", publication_date=timezone.now() + timedelta(days=2))

    html = admin_client.get("/admin/news/article/").content.decode()

    assert '<span class="state-badge state-badge--review">En relecture</span>' in html
    assert re.search(
        r'<span class="state-badge state-badge--scheduled">Planifié pour le [^<]+</span>', html
    )


def test_articles_show_a_small_lazy_thumbnail_of_the_lead_image(admin_client):
    article = ArticleFactory(title="Avec image", with_image=True)
    ArticleFactory(title="Sans image")

    html = admin_client.get("/admin/news/article/").content.decode()

    stored = Article.objects.get(pk=article.pk).image.file.name.rsplit("/", 1)[1].rsplit(".", 1)[0]
    [thumbnail] = re.findall(r'<img [^>]*class="list-thumbnail">', html)
    assert f"/renditions/{stored}-480w.webp" in thumbnail
    assert 'alt="" width="64" height="40" loading="lazy"' in thumbnail
    # The title is the row's link: an image with alt="" would make a link without a name.
    assert '<td class="field-thumbnail"><img ' in html
    assert sorted(titles(html)) == ["Avec image", "Sans image"]


def test_releases_have_no_thumbnail_column(admin_client):
    PressReleaseFactory()

    html = admin_client.get("/admin/press/pressrelease/").content.decode()

    assert "column-thumbnail" not in html and "field-title" in html
