"""What cached pages depend on: a content *generation* and the next scheduled moment.

Every public page is cached for anonymous visitors under a generation number kept in the shared
cache (see namur_site/page_cache.py). Any change to content (a save or a deletion in news, press,
accreditations, tags or legal pages) starts a new generation, so every process sees it at once.
A cached page also never outlives the next scheduled moment that could change it — a publication
date or an expiry coming due, an accreditation window opening or closing — so scheduled content
appears and disappears on time with no cron job.

With Redis, each process keeps its own copy of the generation, told of every new one by a
message (publish/subscribe) rather than by asking Redis on every request: a message sent by
the process that saved the change reaches the others before its own response has left. The copy
is read from Redis again at least every second all the same, and on every call while the
subscription is down. With a cache that cannot publish (local memory), it is read every time.
"""

import contextlib
import logging
import os
import threading
import time
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models import Min, Q
from django.dispatch import receiver
from django.utils import timezone

logger = logging.getLogger(__name__)

GENERATION_KEY = "namur:pages:generation"
NEXT_CHANGE_KEY = "namur:pages:next-change"
# Longest life of a shared part of pages (cached_for_generation), page cache on or off.
PART_SECONDS = 600
WATCHED_APPS = frozenset({"news", "press", "accreditations", "flatpages", "taggit", "sites"})
# Models whose date fields change what pages show when the clock passes them.
SCHEDULES = {
    "news.Article": ("publication_date", "expiry_date"),
    "press.PressRelease": ("publication_date", "expiry_date"),
    "accreditations.Event": ("accreditation_opens", "accreditation_closes"),
}


def _read_generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = time.time_ns()
        cache.add(GENERATION_KEY, value, timeout=None)
        value = cache.get(GENERATION_KEY, value)
    return value


class SharedGeneration:
    """This process's view of the current generation (see the module's docstring)."""

    # Read the generation from the cache at least this often, even when subscribed.
    recheck_seconds = 1.0
    # Wait this long before subscribing again after a failure.
    retry_seconds = 5.0

    def __init__(self):
        self._lock = threading.Lock()
        self._pid = None
        self._pubsub = None
        self._value = None
        self._recheck_at = 0.0
        self._retry_at = 0.0

    @property
    def subscribed(self) -> bool:
        return self._pubsub is not None and self._pid == os.getpid()

    def get(self) -> int:
        if not hasattr(cache, "subscribe"):
            return _read_generation()
        with self._lock:
            now = time.monotonic()
            if self._pid != os.getpid():
                # A fork (gunicorn's workers): the parent's subscription is not ours.
                self._pid, self._pubsub, self._value = os.getpid(), None, None
            if self._pubsub is None and now >= self._retry_at:
                self._subscribe(now)
            if self._pubsub is not None:
                self._receive(now)
            if self._pubsub is not None:
                if self._value is None or now >= self._recheck_at:
                    # Under the lock, so that no message is applied out of order with the read.
                    self._value = _read_generation()
                    self._recheck_at = now + self.recheck_seconds
                return self._value
        return _read_generation()

    def reset(self) -> None:
        """Forget the subscription and the generation (the cache settings changed)."""
        with self._lock:
            if self._pubsub is not None and self._pid == os.getpid():
                with contextlib.suppress(Exception):
                    self._pubsub.close()
            self._pid, self._pubsub, self._value, self._retry_at = None, None, None, 0.0

    def changed(self, value: int) -> None:
        """Take a generation this process has just started, without waiting for its message."""
        with self._lock:
            self._value = value

    def _subscribe(self, now: float) -> None:
        try:
            self._pubsub = cache.subscribe(GENERATION_KEY)
        except Exception:
            logger.warning("Page cache: cannot subscribe to generation changes", exc_info=True)
            self._pubsub, self._retry_at = None, now + self.retry_seconds
        self._recheck_at = now  # read the cache now: a change may have come before it

    def _receive(self, now: float) -> None:
        try:
            while (message := self._pubsub.get_message(timeout=0)) is not None:
                if message["type"] == "message":
                    self._value = int(message["data"])
                elif message["type"] == "subscribe":
                    # (Re)subscribed, maybe after a lost connection and lost messages: read the
                    # cache at once.
                    self._recheck_at = now
        except Exception:
            # Connection lost: read the cache on every call until subscribed again.
            logger.warning("Page cache: subscription to generation changes lost", exc_info=True)
            with contextlib.suppress(Exception):
                self._pubsub.close()
            self._pubsub, self._retry_at = None, now + self.retry_seconds


_shared_generation = SharedGeneration()


@receiver(setting_changed)
def _cache_settings_changed(setting, **kwargs):
    if setting == "CACHES":
        _shared_generation.reset()


def generation() -> int:
    """Return the current generation; pages and parts stored under another are stale."""
    return _shared_generation.get()


def _new_generation() -> None:
    value = time.time_ns()
    cache.set(GENERATION_KEY, value, timeout=None)
    cache.delete(NEXT_CHANGE_KEY)
    _shared_generation.changed(value)
    if hasattr(cache, "publish"):
        cache.publish(GENERATION_KEY, value)


def content_changed(sender=None, **kwargs) -> None:
    """Start a new generation: every cached page is stale from now on, in every process."""
    if sender is not None and sender._meta.app_label not in WATCHED_APPS:
        return
    _new_generation()
    # Once more after the commit: a page rendered between the save and the commit would show the
    # old content, yet be stored under the new generation.
    transaction.on_commit(_new_generation)


def seconds_to_keep(limit: int, now: datetime | None = None) -> int:
    """Return how long something cached now may be kept: ``limit`` seconds at most, and never
    past the next scheduled change."""
    now = now or timezone.now()
    change = next_scheduled_change(now)
    if change is None:
        return limit
    return min(limit, max(1, int((change - now).total_seconds()) + 1))


def cached_for_generation(name: str, compute):
    """Return ``compute()``, kept in the cache until content changes or the clock passes a
    scheduled moment, like a cached page (for parts many pages share, such as a sidebar)."""
    key = f"namur:part:{generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=seconds_to_keep(PART_SECONDS))
    return value


def next_scheduled_change(now: datetime) -> datetime | None:
    """Return the next moment when a publication, an expiry or a window changes a page."""
    cached = cache.get(NEXT_CHANGE_KEY)
    if cached is not None and (cached == "none" or cached > now):
        return None if cached == "none" else cached
    moments = []
    for label, fields in SCHEDULES.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        aggregates = model._base_manager.aggregate(
            **{field: Min(field, filter=Q(**{f"{field}__gt": now})) for field in fields}
        )
        moments += [moment for moment in aggregates.values() if moment is not None]
    soonest = min(moments, default=None)
    cache.set(
        NEXT_CHANGE_KEY, soonest or "none", timeout=max(settings.PAGE_CACHE_SECONDS, PART_SECONDS)
    )
    return soonest
