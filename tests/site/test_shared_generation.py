"""Every process learns of a content change at once, from a Redis message, not by asking."""

import os
import time
import uuid

import pytest
import redis
from django.core.cache import cache

from namur_site import cache as page_generation
from namur_site.cache import GENERATION_KEY, SharedGeneration
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_cache(settings):
    """Point the cache at Redis, under a key prefix of this test's own."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if os.environ.get("NAMUR_REQUIRE_REDIS"):
            pytest.fail(f"Redis injoignable à {REDIS_URL}")
        pytest.skip(f"Redis injoignable à {REDIS_URL}")
    settings.CACHES = {
        "default": {
            "BACKEND": "namur_site.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    yield cache
    cache.delete_many([GENERATION_KEY, page_generation.NEXT_CHANGE_KEY])


def eventually(check, seconds=2.0):
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


@pytest.fixture
def other_process():
    """Another process's view of the generation, subscribed and up to date."""
    other = SharedGeneration()
    other.recheck_seconds = 3600  # only a message can tell it of a change
    other.get()
    assert eventually(lambda: other.get() and other.subscribed)
    yield other
    other.reset()


def test_a_change_reaches_another_process_by_message(redis_cache, other_process, monkeypatch):
    before = other_process.get()
    monkeypatch.setattr(page_generation, "_read_generation", lambda: pytest.fail("lu dans Redis"))

    ArticleFactory(title="Nouvelle")

    assert eventually(lambda: other_process.get() != before)
    monkeypatch.undo()
    assert other_process.get() == cache.get(GENERATION_KEY)


def test_the_changing_process_sees_its_change_without_waiting(redis_cache):
    before = page_generation.generation()

    ArticleFactory(title="Nouvelle")

    assert page_generation.generation() != before
    assert page_generation.generation() == cache.get(GENERATION_KEY)


def test_after_a_lost_connection_the_generation_is_read_again(redis_cache, other_process):
    # A change whose message is lost: the subscription was down when it was published.
    other_process._pubsub.connection.disconnect()
    cache.set(GENERATION_KEY, 42, timeout=None)

    assert eventually(lambda: other_process.get() == 42)


def test_without_a_subscription_every_call_reads_the_cache(redis_cache, monkeypatch):
    def refuse(channel):
        raise redis.ConnectionError("refusé")

    monkeypatch.setattr(type(cache._connections["default"]), "subscribe", lambda self, c: refuse(c))
    view = SharedGeneration()

    first = view.get()
    cache.set(GENERATION_KEY, first + 1, timeout=None)

    assert not view.subscribed
    assert view.get() == first + 1
