"""Purges after a change: every cache at once, never holding the save, and a CDN in Varnish's place."""

import socket
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from core.caching.http_cache import drain_purges
from core.models import Status
from news.models import Article
from tests.conftest import PurgeRecorder
from tests.news.factories import ArticleFactory
from tests.tasks import DATABASE_QUEUE, run_worker

pytestmark = pytest.mark.django_db(transaction=True)


class SilentCache:
    """Takes the connection, never answers: a cache hung or behind a dead network path."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"

    def close(self):
        self.socket.close()


class TagPurgeAPI(ThreadingHTTPServer):
    """Stands for a CDN's purge-by-tag API: POST with the keys in Surrogate-Key and a token."""

    def __init__(self):
        self.calls: list[tuple[str, str, set[str], str | None]] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                api.calls.append(
                    (
                        "POST",
                        self.path,
                        set(self.headers["Surrogate-Key"].split()),
                        self.headers["Fastly-Key"],
                    )
                )
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()


class MeetingCaches:
    """Caches that answer a purge only once every one of them holds its own: sent one after
    another, the first would wait for the others until its timeout, and every purge would fail."""

    def __init__(self, count: int):
        self.barrier = threading.Barrier(count, timeout=10)
        self.purged: list[set[str]] = []
        meeting = self
        self.servers = []
        for _ in range(count):

            class Handler(BaseHTTPRequestHandler):
                def do_PURGE(self):
                    meeting.barrier.wait()
                    meeting.purged.append(set(self.headers["xkey-softpurge"].split()))
                    self.send_response(200)
                    self.send_header("Content-Length", "0")
                    self.end_headers()

                def log_message(self, *args):
                    pass

            server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.servers.append(server)
        self.urls = [f"http://127.0.0.1:{server.server_port}" for server in self.servers]

    def close(self):
        self.barrier.abort()
        for server in self.servers:
            server.shutdown()
            server.server_close()


def test_every_cache_is_purged_at_the_same_time(settings, caplog):
    caches = MeetingCaches(4)
    try:
        settings.VARNISH_PURGE_TIMEOUT = 5.0
        settings.VARNISH_URLS = caches.urls
        article = ArticleFactory(title="Fête de la musique")
        caches.purged.clear()
        caplog.clear()

        article.title = "Fête de la musique : programme"
        article.save()

        assert len(caches.purged) == 4
        assert "failed" not in caplog.text
    finally:
        caches.close()


@pytest.fixture
def recorders(settings):
    made = [PurgeRecorder() for _ in range(2)]
    yield made
    for recorder in made:
        recorder.shutdown()
        recorder.server_close()


def test_one_change_is_purged_in_every_cache(recorders, settings):
    settings.VARNISH_URLS = [recorder.url for recorder in recorders]
    article = ArticleFactory()
    for recorder in recorders:
        recorder.purges.clear()

    article.title = "Travaux rue de Fer"
    article.save()

    for recorder in recorders:
        assert recorder.purges == [{f"news.article:{article.pk}", "news.article:any", "unkeyed"}]


@pytest.fixture
def in_background(settings):
    """Send purges from the process's purge thread, as the site does."""
    settings.PURGE_IN_BACKGROUND = True
    yield
    assert drain_purges(timeout=10)


def test_hung_caches_never_hold_the_save_and_are_purged_later(
    recorders, settings, in_background, time_machine, caplog
):
    settings.TASKS = DATABASE_QUEUE
    settings.VARNISH_PURGE_TIMEOUT = 2.0
    hung = [SilentCache() for _ in range(4)]
    settings.VARNISH_URLS = [recorders[0].url, *(cache.url for cache in hung)]
    article = ArticleFactory(title="Marché de Noël")
    assert drain_purges(timeout=10)
    recorders[0].purges.clear()

    article.title = "Marché de Noël : horaires"
    article.save()

    # The save has returned while the hung caches still hold the purge.
    assert not drain_purges(timeout=0)
    assert Article.objects.get().title == "Marché de Noël : horaires"
    assert drain_purges(timeout=10)
    assert recorders[0].purges == [{f"news.article:{article.pk}", "news.article:any", "unkeyed"}]
    assert caplog.text.count("Purge of 3 keys failed") == 4

    # The worker sends it again, later, to those that missed it, and only to them.
    for cache in hung:
        cache.close()
    settings.VARNISH_URLS = []
    time_machine.move_to(timezone.now() + timedelta(seconds=6), tick=False)
    recorders[0].purges.clear()
    caplog.clear()
    run_worker()
    assert recorders[0].purges == []
    assert caplog.text.count("Purge of 3 keys failed") == 4


def test_saves_made_while_a_purge_is_on_its_way_go_in_the_next_one(
    recorders, settings, in_background
):
    settings.VARNISH_URLS = [recorders[0].url]
    first, second, third = ArticleFactory.create_batch(3)
    assert drain_purges(timeout=10)
    recorders[0].purges.clear()

    with recorders[0].held():
        first.title = "Travaux place d'Armes"
        first.save()
        assert recorders[0].arrived.wait(timeout=10)
        # The first purge is on its way, held by the cache: these saves do not wait for it.
        second.title = "Travaux rue de Fer"
        second.save()
        third.title = "Travaux avenue Golenvaux"
        third.save()

    assert drain_purges(timeout=10)
    assert recorders[0].purges == [
        {f"news.article:{first.pk}", "news.article:any", "unkeyed"},
        {f"news.article:{second.pk}", f"news.article:{third.pk}", "news.article:any", "unkeyed"},
    ]


def test_a_cdn_that_purges_by_tag_stands_in_for_varnish(client, settings):
    api = TagPurgeAPI()
    try:
        settings.PAGE_CACHE_SECONDS = 600
        settings.SURROGATE_KEY_HEADER = "Surrogate-Key"
        settings.PURGE_METHOD = "POST"
        settings.PURGE_HEADER = "Surrogate-Key"
        # Every purge by the API's own header: none is soft.
        settings.SOFT_PURGE_HEADER = ""
        settings.PURGE_EXTRA_HEADERS = {"Fastly-Key": "jeton-de-test"}
        settings.VARNISH_URLS = [f"http://127.0.0.1:{api.server_port}/service/namur/purge"]
        article = ArticleFactory()

        page = client.get(article.get_absolute_url())
        assert f"news.article:{article.pk}" in page["Surrogate-Key"].split()
        assert "xkey" not in page

        api.calls.clear()
        article.title = "Fêtes de Wallonie"
        article.save()

        assert api.calls == [
            (
                "POST",
                "/service/namur/purge",
                {f"news.article:{article.pk}", "news.article:any", "unkeyed"},
                "jeton-de-test",
            )
        ]
    finally:
        api.shutdown()
        api.server_close()


def _unpublish(article):
    article.status = Status.UNPUBLISHED
    article.save()


def _schedule_later(article):
    article.publication_date = timezone.now() + timedelta(days=2)
    article.save()


def _expire(article):
    article.expiry_date = timezone.now() - timedelta(minutes=1)
    article.save()


def _retitle(article):
    article.title = "Fêtes de Wallonie : programme"
    article.save()


@pytest.mark.parametrize(
    ("change", "dropped"),
    [
        (_unpublish, True),
        (_schedule_later, True),
        (_expire, True),
        (Article.delete, True),
        (_retitle, False),
    ],
)
def test_only_an_item_leaving_the_public_view_is_dropped_rather_than_marked_stale(
    purge_log, change, dropped
):
    article = ArticleFactory(title="Fêtes de Wallonie")
    key = f"news.article:{article.pk}"
    purge_log.purges.clear()
    purge_log.hard.clear()

    change(article)

    assert key in purge_log.purges[-1]
    assert purge_log.hard[-1] == ({key} if dropped else set())


def test_a_draft_that_changes_is_never_dropped(purge_log):
    draft = ArticleFactory(status=Status.DRAFT)
    purge_log.hard.clear()

    _unpublish(draft)

    assert purge_log.hard == [set()]
