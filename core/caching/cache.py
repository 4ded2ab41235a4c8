"""What shared parts of pages depend on: a content *generation* and the next scheduled moment.

Parts many pages share (the news sidebar, the count of a paginated list, the search form's years)
are kept in the cache under a generation number: a change to content starts a new generation, so
every process sees it at once. A part, like a page in the HTTP cache (namur_site/http_cache.py),
never outlives the next scheduled moment that could change it — a publication date or an expiry
coming due, an accreditation window opening or closing — so scheduled content appears and
disappears on time with no cron job.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

GENERATION_KEY = "namur:pages:generation"
NEXT_CHANGE_KEY = "namur:pages:next-change"
# Longest life of a shared part of pages (cached_for_generation).
PART_SECONDS = 600

_rehearsing: ContextVar[bool] = ContextVar("namur_rehearsing", default=False)
# The generation a request has read: every part it shows belongs to that one, and the cache is
# asked once per request rather than once per part (None: not in a request, or not read yet).
_request_generation: ContextVar[int | None] = ContextVar("namur_request_generation", default=None)
_in_request: ContextVar[bool] = ContextVar("namur_in_request", default=False)


def request_started(**kwargs) -> None:
    """Django's ``request_started``: the request reads the generation afresh, once."""
    _in_request.set(True)
    _request_generation.set(None)


def request_finished(**kwargs) -> None:
    _in_request.set(False)
    _request_generation.set(None)


@contextmanager
def rehearsal() -> Iterator[None]:
    """Mark changes the caller rolls back: they purge nothing, renew nothing, keep no part.

    A version waiting for review is shown by writing it and rolling it back: nothing computed
    meanwhile may reach what the public is served.
    """
    token = _rehearsing.set(True)
    try:
        yield
    finally:
        _rehearsing.reset(token)


def rehearsing() -> bool:
    return _rehearsing.get()


def scheduled_models() -> list[tuple[type, tuple[str, ...]]]:
    """Return each model whose ``schedule_fields`` change what pages show when the clock
    passes them (publication and expiry dates, accreditation windows), with those fields."""
    return [
        (model, model.schedule_fields)
        for model in apps.get_models()
        if getattr(model, "schedule_fields", ())
    ]


def generation() -> int:
    """Return the current generation; parts stored under another are stale."""
    value = _request_generation.get()
    if value is not None:
        return value
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = time.time_ns()
        cache.add(GENERATION_KEY, value, timeout=None)
        value = cache.get(GENERATION_KEY, value)
    if _in_request.get():
        _request_generation.set(value)
    return value


def _new_generation() -> None:
    value = time.time_ns()
    cache.set(GENERATION_KEY, value, timeout=None)
    cache.delete(NEXT_CHANGE_KEY)
    if _in_request.get():
        _request_generation.set(value)


def renew_shared_parts() -> None:
    """Start a new generation: every shared part is stale from now on, in every process."""
    if rehearsing():
        return
    _new_generation()
    # Once more after the commit: a part computed between the save and the commit would hold
    # the old content, yet be stored under the new generation.
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
    if rehearsing():
        return compute()
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
    for model, fields in scheduled_models():
        # One query per field, each the first entry of the field's index after now: an
        # aggregate with a filter would read every row (42 ms at 100,000 articles).
        for field in fields:
            moment = (
                model._base_manager.filter(**{f"{field}__gt": now})
                .order_by(field)
                .values_list(field, flat=True)
                .first()
            )
            if moment is not None:
                moments.append(moment)
    soonest = min(moments, default=None)
    cache.set(
        NEXT_CHANGE_KEY, soonest or "none", timeout=max(settings.PAGE_CACHE_SECONDS, PART_SECONDS)
    )
    return soonest
