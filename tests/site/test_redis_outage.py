"""Redis down or silent: every page is served without the cache, which is used again once back."""

import logging
import threading
import time
from datetime import timedelta

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from accreditations.models import AccreditationRequest
from tests.accreditations.conftest import form_data
from tests.accreditations.factories import AccreditationRequestFactory, EventFactory
from tests.news.factories import ArticleFactory, TopicFactory
from tests.press.factories import PressContactFactory, PressReleaseFactory
from tests.public_pages import every_public_page
from tests.site.conftest import fail_open_cache
from tests.support.processes import free_port

pytestmark = pytest.mark.django_db

LOGGER = "core.caching.cache_backends"


def cache_log(caplog, level: int) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == LOGGER and record.levelno == level
    ]


@pytest.fixture
def site(db):
    now = timezone.now()
    topic = TopicFactory(name="Culture", slug="culture")
    tag = Tag.objects.create(name="Citadelle", slug="citadelle")
    article = ArticleFactory(title="Fête à la Citadelle", topic=topic, tags=[tag])
    event = EventFactory(
        title="Visite officielle",
        slug="visite-officielle",
        accreditation_opens=now - timedelta(days=1),
        accreditation_closes=now + timedelta(days=5),
        starts=now + timedelta(days=7),
    )
    release = PressReleaseFactory(
        title="Inauguration", topic=topic, tags=[tag], event=event, contacts=[PressContactFactory()]
    )
    page = FlatPage.objects.create(url="/mentions-legales/", title="Mentions légales")
    page.sites.add(Site.objects.get_current())
    accreditation = AccreditationRequestFactory(event=event)
    return {
        "article": article,
        "release": release,
        "event": event,
        "tag": tag,
        "accreditation": accreditation,
    }


def public_pages(site) -> list[str]:
    return every_public_page(**site, search="citadelle")


def test_every_page_answers_while_redis_is_down(
    client, admin_user, settings, site, redis_server, redis_cache, caplog
):
    settings.PAGE_CACHE_SECONDS = 600  # as in production with Redis
    caplog.set_level(logging.INFO, logger=LOGGER)
    redis_server.stop()

    for url in public_pages(site):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Fête à la Citadelle" in client.get(reverse("home")).content.decode()
    assert "Fête à la Citadelle" in client.get(reverse("search") + "?q=citadelle").content.decode()

    event = site["event"]
    response = client.post(event.get_form_url(), form_data(event))
    accreditation = AccreditationRequest.objects.get(event=event, email=form_data(event)["email"])
    assert response.status_code == 302
    assert response["Location"] == accreditation.get_absolute_url()

    assert client.get(reverse("admin:login")).status_code == 200
    client.force_login(admin_user)
    response = client.get(reverse("admin:news_article_changelist"))
    assert response.status_code == 200
    assert "Fête à la Citadelle" in response.content.decode()

    warnings = cache_log(caplog, logging.WARNING)
    assert len(warnings) == 1, warnings
    assert "unreachable (ConnectionError)" in warnings[0]
    assert "next try in 5 s" in warnings[0]


def test_the_cache_is_used_again_once_redis_is_back(redis_server, redis_cache, caplog, monkeypatch):
    caplog.set_level(logging.INFO, logger=LOGGER)
    cache.set("saison", "été")
    redis_server.stop()
    assert cache.get("saison") is None
    cache.set("saison", "automne")

    redis_server.start()
    # The breaker leaves Redis alone for a few seconds after a failure: let them pass.
    breaker = cache.breaker
    later = time.monotonic() + breaker.pause
    monkeypatch.setattr(breaker, "clock", lambda: later)
    cache.set("saison", "hiver")

    assert cache.get("saison") == "hiver"
    assert cache_log(caplog, logging.INFO) == [f"Redis cache {breaker.name} answers again"]
    assert len(cache_log(caplog, logging.WARNING)) == 1


def test_an_unreachable_redis_answers_as_an_empty_cache(settings):
    # No pause: every call below really tries Redis, and is refused.
    settings.CACHES = fail_open_cache(
        f"redis://127.0.0.1:{free_port()}/0", circuit_breaker_seconds=0
    )

    assert cache.get("clé", "défaut") == "défaut"
    assert cache.get_many(["clé", "autre"]) == {}
    assert cache.get_or_set("clé", "calculée") == "calculée"
    assert cache.add("clé", 1) is False
    assert cache.set_many({"clé": 1, "autre": 2}) == ["clé", "autre"]
    assert cache.has_key("clé") is False
    assert cache.touch("clé") is False
    assert cache.delete("clé") is False
    cache.set("clé", 1)
    cache.delete_many(["clé", "autre"])
    with pytest.raises(ValueError):
        cache.incr("compteur")
    with pytest.raises(ValueError):
        cache.decr("compteur")


def test_while_the_breaker_is_open_redis_is_not_even_tried(settings, silent_server, monkeypatch):
    settings.CACHES = fail_open_cache(silent_server.url)

    assert cache.get("clé") is None  # tried: the connection opens, no answer comes
    assert silent_server.new_connections() == 1
    assert cache.breaker.is_open

    for _ in range(50):
        cache.set("clé", 1)
        assert cache.get("clé") is None
    assert silent_server.new_connections() == 0

    # Once the pause is over, one call tries again; the breaker opens anew when it fails.
    breaker = cache.breaker
    later = time.monotonic() + breaker.pause
    monkeypatch.setattr(breaker, "clock", lambda: later)
    assert not breaker.is_open
    assert cache.get("clé") is None
    assert silent_server.new_connections() == 1
    monkeypatch.undo()
    assert cache.breaker.is_open


def test_threads_share_one_breaker_and_log_one_warning(settings, silent_server, caplog):
    settings.CACHES = fail_open_cache(silent_server.url)
    caplog.set_level(logging.INFO, logger=LOGGER)
    start = threading.Barrier(8)
    misses = []

    def serve():
        start.wait()
        misses.extend(cache.get("clé", "défaut") for _ in range(20))

    threads = [threading.Thread(target=serve) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert misses == ["défaut"] * 160
    assert silent_server.new_connections() <= 8  # at most the calls made before the first failure
    warnings = cache_log(caplog, logging.WARNING)
    assert len(warnings) == 1, warnings
    assert "unreachable (TimeoutError)" in warnings[0]
