"""Django's Redis cache backend, with a reused client and publish/subscribe.

* Django's ``RedisCacheClient`` builds a new ``redis.Redis`` object for every cache operation,
  and that constructor fills a table of some 160 reply callbacks each time: on a page-cache hit
  it cost more than the round trip to Redis itself. A ``redis.Redis`` object holds no connection
  of its own (it borrows one from the pool for each command) and is safe to share between
  threads, so one per pool is kept and reused.
* ``publish`` and ``subscribe`` let every process learn of a new page generation from a message
  instead of asking Redis on each request (namur_site/cache.py). Channels are named after the
  cache key and the Redis database, as channels are shared by all the databases of a server.

Everything else is Django's backend.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def _channel(self, name: str) -> str:
        pool = self._cache._get_connection_pool(write=True)
        return f"{pool.connection_kwargs.get('db', 0)}:{self.make_key(name)}"

    def publish(self, channel: str, message: int | str) -> None:
        self._cache.get_client(write=True).publish(self._channel(channel), message)

    def subscribe(self, channel: str):
        """Return a subscription to ``channel``; read it with ``get_message(timeout=0)``.

        Its confirmations (type ``subscribe``) are kept: after a lost connection, redis-py
        subscribes again on its own, and the new confirmation tells that messages may be lost.
        """
        pubsub = self._cache.get_client(write=True).pubsub()
        pubsub.subscribe(self._channel(channel))
        return pubsub
