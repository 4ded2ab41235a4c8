"""The news demo content: statuses, tags, pictures, its files, and a second load that changes nothing."""

import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count
from taggit.models import Tag

from core.models import Status
from news import demo
from news.models import Article, TaggedArticle, Topic

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
SCHEDULED = {
    "patinoire-place-d-armes",
    "deneigement-circuits-prioritaires",
    "conseil-communal-decembre-budget",
}


def load_demo():
    call_command("load_demo", stdout=io.StringIO())


def media_files():
    root = Path(settings.MEDIA_ROOT) / "actualites"
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def snapshot():
    return (
        list(Article.objects.order_by("slug").values()),
        list(Topic.objects.order_by("slug").values()),
        list(Tag.objects.order_by("slug").values()),
        list(TaggedArticle.objects.order_by("pk").values("pk", "tag_id", "content_object_id")),
        list(Article.related.through.objects.order_by("pk").values()),
        media_files(),
    )


def test_demo_content_is_complete_and_a_second_load_changes_nothing():
    load_demo()
    first = snapshot()

    counts = dict(Article.objects.values_list("status").annotate(n=Count("pk")))
    assert counts == {
        Status.PUBLISHED: 34,
        Status.DRAFT: 2,
        Status.REVIEW: 1,
        Status.UNPUBLISHED: 1,
    }

    live = Article.objects.live()
    live_slugs = set(live.values_list("slug", flat=True))
    assert len(live_slugs) == 30
    scheduled = {a.slug for a in Article.objects.filter(status=Status.PUBLISHED) if a.is_scheduled}
    assert scheduled == SCHEDULED
    assert not live_slugs & SCHEDULED
    expired = Article.objects.get(slug="plan-canicule-fin-ete")
    assert expired.publication_date < expired.expiry_date < datetime(2026, 10, 1, tzinfo=BRUSSELS)
    assert expired.slug not in live_slugs
    assert live.filter(featured=True).count() == 4
    for month in (9, 10, 11):
        start = datetime(2026, month, 1, tzinfo=BRUSSELS)
        end = datetime(2026, month + 1, 1, tzinfo=BRUSSELS)
        assert live.filter(publication_date__gte=start, publication_date__lt=end).count() >= 5

    with_image = Article.objects.exclude(image=None).select_related("image")
    assert with_image.count() >= 20
    assert live.filter(image=None).exists()
    for article in with_image:
        assert article.image.alt
        assert article.image.credit
        assert article.image.width
        assert article.image.height
        assert (Path(settings.MEDIA_ROOT) / article.image.file.name).is_file()
        assert article.image.renditions
        assert article.image.card_renditions

    assert Topic.objects.count() == 7
    for tag in Tag.objects.all():
        assert tag.slug.isascii()
        assert live.filter(tags=tag).exists()
    for article in Article.objects.all():
        assert len(article.lead) <= 300
        assert 1 <= article.tags.count() <= 4

    load_demo()
    # Rows (scheduled dates and "updated" included), tags, links and files are all unchanged.
    assert snapshot() == first


def test_each_article_has_its_body_and_picture_and_no_file_is_left_over():
    articles = demo.DATA.json("articles.json")
    slugs = [row["slug"] for row in articles]
    illustrated = {row["slug"] for row in articles if "image" in row}
    linked = {slug for row in articles for slug in row.get("related", ())}
    tags = {row["name"] for row in demo.DATA.json("tags.json")}
    topics = {row["slug"] for row in demo.DATA.json("topics.json")}

    assert len(set(slugs)) == len(slugs)
    assert {p.name for p in (demo.DATA.root / "bodies").iterdir()} == {f"{s}.html" for s in slugs}
    assert {p.name for p in (demo.DATA.root / "images").iterdir()} == {
        f"{s}.jpg" for s in illustrated
    }
    assert linked <= set(slugs)
    assert {name for row in articles for name in row["tags"]} == tags
    assert {row["topic"] for row in articles} == topics
    for row in articles:
        if "image" in row:
            assert row["image"]["alt"] and row["image"]["credit"]
