"""Whole-page cache for the public, invalidated by content changes and by the clock.

Every public page is cached for anonymous visitors under a *generation* number kept in the
shared cache. Any change to content (a save or a deletion in news, press, accreditations, tags
or legal pages) starts a new generation, so every process sees it at once. A cached page also
never outlives the next scheduled moment that could change it — a publication date or an expiry
coming due, an accreditation window opening or closing — so scheduled content appears and
disappears on time with no cron job. Staff, drafts, forms (CSRF cookies) and anything private
are never cached.
"""

import hashlib
import time
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.cache import patch_response_headers, set_response_etag
from django.utils.http import http_date

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


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = time.time_ns()
        cache.add(GENERATION_KEY, value, timeout=None)
        value = cache.get(GENERATION_KEY, value)
    return value


def _new_generation() -> None:
    cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
    cache.delete(NEXT_CHANGE_KEY)


def content_changed(sender=None, **kwargs) -> None:
    """Start a new generation: every cached page is stale from now on, in every process."""
    if sender is not None and sender._meta.app_label not in WATCHED_APPS:
        return
    _new_generation()
    # Once more after the commit: a page rendered between the save and the commit would show the
    # old content, yet be stored under the new generation.
    transaction.on_commit(_new_generation)


def cached_for_generation(name: str, compute):
    """Return ``compute()``, kept in the cache until content changes or the clock passes a
    scheduled moment, like a cached page (for parts many pages share, such as a sidebar)."""
    key = f"namur:part:{generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        now = timezone.now()
        timeout = PART_SECONDS
        change = next_scheduled_change(now)
        if change is not None:
            timeout = min(timeout, max(1, int((change - now).total_seconds()) + 1))
        cache.set(key, value, timeout=timeout)
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


def _cacheable_request(request) -> bool:
    # Without a session cookie nobody is logged in: the check needs neither the session nor the
    # user, so a hit skips their middleware altogether.
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES)
    )


def _cacheable_response(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-cache" not in cache_control
        and "no-store" not in cache_control
    )


class PublicPageCacheMiddleware:
    """Serve anonymous visitors from the page cache; fill it on a miss.

    A page is stored with the generation it was rendered under; one round trip to the cache
    fetches both the page and the current generation, and a page from an older generation is a
    miss. A change made while a page renders therefore never hides behind the new generation.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.PAGE_CACHE_SECONDS <= 0 or not _cacheable_request(request):
            return self.get_response(request)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"namur:page:{request.method}:{path}"
        found = cache.get_many([key, GENERATION_KEY])
        current = found.get(GENERATION_KEY) or generation()
        entry = found.get(key)
        if entry is not None and entry[0] == current:
            response = entry[1]
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(response):
            self._store(key, current, response)
        return response

    def _store(self, key, current, response) -> None:
        now = timezone.now()
        timeout = settings.PAGE_CACHE_SECONDS
        change = next_scheduled_change(now)
        if change is not None:
            timeout = min(timeout, max(1, int((change - now).total_seconds()) + 1))
        if hasattr(response, "render") and callable(response.render):
            response.render()
        # One chunk: a feed is written in thousands of small pieces, and the WSGI server would
        # send each one with its own system call on every hit.
        response.content = response.content
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(current / 1e9)
        # Computed once here rather than by ConditionalGetMiddleware on every hit.
        set_response_etag(response)
        # Browsers revalidate (a cheap 304 thanks to ETag and Last-Modified) rather than keep
        # a page past the server's own copy.
        patch_response_headers(response, cache_timeout=min(timeout, settings.PAGE_BROWSER_SECONDS))
        response["X-Cache"] = "miss"
        cache.set(key, (current, response), timeout=timeout)
