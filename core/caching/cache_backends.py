"""Django's Redis cache backend, failing open: an unreachable Redis is a cache that holds nothing.

The cache only saves work, so losing Redis must cost neither an error page nor time. Every
operation that finds Redis refused, reset or silent answers as a miss would (``get`` returns the
default, ``add`` and ``touch`` return False, ``set`` and ``delete`` do nothing, ``incr`` raises
the ``ValueError`` of a missing key), after short socket timeouts (``socket_connect_timeout`` and
``socket_timeout`` in OPTIONS, 0.25 s unless set). A circuit breaker, one per Redis server and
process, then skips Redis altogether for ``circuit_breaker_seconds`` (OPTIONS, 5 s unless set),
after which one call tries again: a down Redis costs nothing per request and is used again by
itself once it answers. The log gets one warning when Redis becomes unreachable and one line when
it answers again, not one per request.
"""

import logging
import threading
import time
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# What redis-py raises for a refused, reset, timed-out or black-holed connection.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
SOCKET_TIMEOUT_SECONDS = 0.25
CIRCUIT_BREAKER_SECONDS = 5.0


class CircuitBreaker:
    """Tell whether to try Redis: not for ``pause`` seconds after a failure, then once."""

    def __init__(self, name: str, pause: float, clock=time.monotonic):
        self.name = name
        self.pause = pause
        self.clock = clock
        self._lock = threading.Lock()
        self._down = False
        self._retry_at = 0.0

    @property
    def is_open(self) -> bool:
        """Return True while calls skip Redis without trying it."""
        return self._down and self.clock() < self._retry_at

    def allow(self) -> bool:
        """Return True if this call may try Redis."""
        if not self._down:
            return True
        with self._lock:
            now = self.clock()
            if now < self._retry_at:
                return False
            # This call tries; every other one keeps skipping Redis until it has answered.
            self._retry_at = now + self.pause
            return True

    def failed(self, error: Exception) -> None:
        """Open the breaker after ``error``; log only if Redis was up until now."""
        with self._lock:
            self._retry_at = self.clock() + self.pause
            was_down, self._down = self._down, True
        if not was_down:
            # The class only: redis-py's message adds nothing an operator needs.
            logger.warning(
                "Redis cache %s unreachable (%s): the site runs without it, next try in %g s",
                self.name,
                type(error).__name__,
                self.pause,
            )

    def succeeded(self) -> None:
        """Close the breaker; log once if Redis was down."""
        if not self._down:
            return
        with self._lock:
            was_down, self._down = self._down, False
        if was_down:
            logger.info("Redis cache %s answers again", self.name)


_breakers: dict[tuple, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def _describe(servers: tuple[str, ...]) -> str:
    """Name the servers for the log: host, port and database, never a user name or password."""
    names = []
    for server in servers:
        url = urlsplit(server)
        names.append(
            url.path if url.scheme == "unix" else f"{url.hostname}:{url.port or 6379}{url.path}"
        )
    return ", ".join(names)


def _breaker_for(servers: tuple[str, ...], pause: float) -> CircuitBreaker:
    # Django builds a backend per thread: the breaker (and its log lines) is per server instead.
    with _breakers_lock:
        breaker = _breakers.get((servers, pause))
        if breaker is None:
            breaker = _breakers[(servers, pause)] = CircuitBreaker(_describe(servers), pause)
        return breaker


class ReusedRedisClient(RedisCacheClient):
    """Django's Redis client, building the redis-py client of a server once, not on every call."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        # A redis-py client holds nothing but its connection pool and is safe to share; Django
        # builds a new one per operation, which costs more CPU than the round trip itself.
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class FailOpenRedisCache(RedisCache):
    """Django's Redis cache, answering as an empty cache while Redis cannot be reached."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        pause = float(options.pop("circuit_breaker_seconds", CIRCUIT_BREAKER_SECONDS))
        options.setdefault("socket_connect_timeout", SOCKET_TIMEOUT_SECONDS)
        options.setdefault("socket_timeout", SOCKET_TIMEOUT_SECONDS)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusedRedisClient
        self.breaker = _breaker_for(tuple(self._servers), pause)

    def _try(self, fallback, operation, *args, **kwargs):
        """Return ``operation(*args, **kwargs)``, or ``fallback`` when Redis cannot answer."""
        if not self.breaker.allow():
            return fallback
        try:
            result = operation(*args, **kwargs)
        except UNREACHABLE as error:
            self.breaker.failed(error)
            return fallback
        self.breaker.succeeded()
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(False, super().add, key, value, timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._try(default, super().get, key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._try(None, super().set, key, value, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(False, super().touch, key, timeout, version=version)

    def delete(self, key, version=None):
        return self._try(False, super().delete, key, version=version)

    def get_many(self, keys, version=None):
        return self._try({}, super().get_many, keys, version=version)

    def has_key(self, key, version=None):
        return self._try(False, super().has_key, key, version=version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._try(missing, super().incr, key, delta, version=version)
        if value is missing:
            # As for a key that is not there: callers already know what to do then.
            raise ValueError(f"Key '{key}' not found.")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's contract: return the keys that could not be stored.
        return self._try(list(data), super().set_many, data, timeout, version=version)

    def delete_many(self, keys, version=None):
        self._try(None, super().delete_many, keys, version=version)

    def clear(self):
        return self._try(False, super().clear)
