import uuid

import pytest
from django.core.cache import cache

from tests.support.processes import free_port
from tests.support.redis_server import RedisServer, SilentServer


def fail_open_cache(location: str, **options) -> dict:
    """Return CACHES for the site's Redis backend at ``location``, under a prefix of its own."""
    return {
        "default": {
            "BACKEND": "core.caching.cache_backends.FailOpenRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "OPTIONS": options,
        }
    }


@pytest.fixture
def redis_server():
    """Start a Redis of this test's own; the test may stop it and start it again."""
    server = RedisServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_cache(settings, redis_server):
    """Use the site's Redis backend, as CACHE_URL=redis://… does, on this test's own Redis."""
    settings.CACHES = fail_open_cache(redis_server.url)
    return cache


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.close()
