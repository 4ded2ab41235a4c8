"""The public page cache: fast for visitors, never stale after a change or a scheduled time."""

import time
from datetime import timedelta

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from namur_site.models import Status
from namur_site.page_cache import KEY_PREFIX, LocalPages, Page
from tests.accreditations.factories import NOW, EventFactory
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600


def get(client, url="/actualites/"):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_second_visit_is_served_from_the_cache_without_sql(client):
    ArticleFactory(title="Première")
    assert get(client)["X-Cache"] == "miss"

    with CaptureQueriesContext(connection) as queries:
        response = get(client)

    assert response["X-Cache"] == "hit"
    assert len(queries) == 0
    assert "Première" in response.content.decode()


@pytest.mark.parametrize(
    "change",
    ["publish", "edit", "unpublish", "delete", "retag"],
)
def test_any_change_to_an_article_is_visible_at_once(client, change):
    article = ArticleFactory(title="Ancien titre", tags=["vélo"])
    draft = ArticleFactory(title="Nouvelle publication", status=Status.DRAFT)
    get(client)
    get(client, "/actualites/tag/velo/")

    if change == "publish":
        draft.status = Status.PUBLISHED
        draft.save()
    elif change == "edit":
        article.title = "Titre corrigé"
        article.save()
    elif change == "unpublish":
        article.status = Status.UNPUBLISHED
        article.save()
    elif change == "delete":
        article.delete()
    elif change == "retag":
        article.tags.set(["piétons"])

    html = get(client).content.decode()
    expected = {
        "publish": "Nouvelle publication" in html,
        "edit": "Titre corrigé" in html and "Ancien titre" not in html,
        "unpublish": "Ancien titre" not in html,
        "delete": "Ancien titre" not in html,
        "retag": client.get("/actualites/tag/velo/").status_code == 404,
    }
    assert expected[change]


def test_scheduled_article_appears_on_time_though_the_page_was_cached(client, time_machine):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    ArticleFactory(title="Publiée hier", publication_date=now - timedelta(days=1))
    ArticleFactory(title="Planifiée pour 9 h", publication_date=now + timedelta(minutes=30))
    assert "Planifiée pour 9 h" not in get(client).content.decode()
    assert get(client)["X-Cache"] == "hit"

    time_machine.move_to(now + timedelta(minutes=31), tick=False)

    assert "Planifiée pour 9 h" in get(client).content.decode()


def test_expired_article_disappears_on_time(client, time_machine):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    ArticleFactory(
        title="Avis temporaire",
        publication_date=now - timedelta(days=1),
        expiry_date=now + timedelta(minutes=5),
    )
    assert "Avis temporaire" in get(client).content.decode()

    time_machine.move_to(now + timedelta(minutes=6), tick=False)

    assert "Avis temporaire" not in get(client).content.decode()


def test_accreditation_window_closing_updates_cached_pages(client, time_machine):
    time_machine.move_to(NOW, tick=False)
    event = EventFactory(title="Visite officielle", accreditation_closes=NOW + timedelta(hours=1))
    assert "Visite officielle" in get(client, "/").content.decode()

    time_machine.move_to(NOW + timedelta(hours=1, minutes=1), tick=False)

    assert event.title not in get(client, "/").content.decode()


def test_legal_page_edit_is_visible_at_once(client):
    page = FlatPage.objects.create(url="/vie-privee/", title="Vie privée", content="<p>Ancien.</p>")
    page.sites.add(Site.objects.get_current())
    get(client, "/pages/vie-privee/")

    page.content = "<p>Texte mis à jour.</p>"
    page.save()

    assert "Texte mis à jour." in get(client, "/pages/vie-privee/").content.decode()


def test_staff_never_get_or_fill_the_cache(client, admin_user):
    ArticleFactory(title="Visible")
    client.force_login(admin_user)

    response = get(client)

    assert "X-Cache" not in response
    client.logout()
    assert get(client)["X-Cache"] == "miss"


def test_draft_preview_is_never_cached(client, admin_user):
    draft = ArticleFactory(status=Status.DRAFT, slug="brouillon")
    client.force_login(admin_user)
    get(client, draft.get_absolute_url())
    client.logout()

    assert client.get("/actualites/brouillon/").status_code == 404


def test_pages_with_a_form_token_are_not_shared(client, time_machine):
    time_machine.move_to(NOW, tick=False)
    event = EventFactory()

    first = client.get(event.get_form_url())
    second = client.get(event.get_form_url())

    assert "X-Cache" not in first
    assert "X-Cache" not in second


def test_conditional_get_answers_304(client):
    ArticleFactory()
    response = get(client)
    assert response["ETag"]
    assert response["Last-Modified"]

    by_etag = client.get("/actualites/", headers={"if-none-match": response["ETag"]})
    by_date = client.get("/actualites/", headers={"if-modified-since": response["Last-Modified"]})

    assert by_etag.status_code == 304
    assert by_date.status_code == 304


def test_feeds_are_cached_and_conditional(client):
    ArticleFactory()
    first = get(client, "/actualites/flux.rss")

    again = client.get("/actualites/flux.rss", headers={"if-none-match": first["ETag"]})

    assert again.status_code == 304


def test_a_hit_is_served_from_the_process_copy_without_asking_the_shared_cache(client, monkeypatch):
    ArticleFactory(title="Copie locale")
    get(client)
    asked = []
    original = cache.get
    monkeypatch.setattr(
        cache, "get", lambda key, *a, **kw: asked.append(key) or original(key, *a, **kw)
    )

    response = get(client)

    assert response["X-Cache"] == "hit"
    assert "Copie locale" in response.content.decode()
    assert not [key for key in asked if key.startswith(KEY_PREFIX)]


def test_a_copy_from_another_process_is_fetched_from_the_shared_cache(client):
    ArticleFactory(title="Partagée")
    get(client)
    other_process = Client()

    response = get(other_process)

    assert response["X-Cache"] == "hit"
    assert "Partagée" in response.content.decode()


def test_an_unknown_host_gets_400_even_for_a_cached_page(client):
    ArticleFactory()
    get(client)

    response = client.get("/actualites/", headers={"host": "attaquant.example"})

    assert response.status_code == 400
    assert "Content-Security-Policy" in response


def test_a_cached_page_keeps_the_security_headers(client):
    ArticleFactory()
    first = get(client)

    hit = get(client)

    assert hit["X-Cache"] == "hit"
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Permissions-Policy",
    ):
        assert hit[header] == first[header]


def page(content: bytes, generation: int = 1) -> Page:
    return Page(generation, time.time() + 60, 200, (("Content-Type", "text/html"),), content)


def test_process_copies_stay_within_their_byte_budget_dropping_the_least_used():
    copies = LocalPages(max_bytes=3 * (1000 + LocalPages.overhead))
    for name in ("a", "b", "c"):
        copies.put(name, page(b"x" * 1000))
    copies.get("a")

    copies.put("d", page(b"x" * 1000))

    assert copies.get("b") is None
    assert all(copies.get(name) for name in ("a", "c", "d"))
    copies.put("huge", page(b"x" * 10_000))
    assert copies.get("huge") is None
    assert len(copies) == 3


def test_a_copy_of_another_generation_or_past_its_time_is_stale(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    copy = page(b"<p>Ancien</p>", generation=1)

    assert copy.is_fresh(1)
    assert not copy.is_fresh(2)
    time_machine.shift(61)
    assert not copy.is_fresh(1)
