"""What Django tells the HTTP cache in front of it (Varnish), and the purges after a change.

Every public page says how long a shared cache may keep it (``s-maxage``, never past the next
scheduled change) and which items and lists it shows, as *surrogate keys* in a header
(``SURROGATE_KEY_HEADER``: Varnish's ``xkey``, or a CDN's ``Surrogate-Key``):
``news.article:42`` on every page showing that article (its own, and every list showing its
card), ``news.article`` on every list of articles. When content changes, the keys its model
registered (``register()``) are purged in every cache of ``VARNISH_URLS``, all at once, once the
transaction commits (``PURGE_METHOD`` with the keys in ``PURGE_HEADER``), by a thread of the
process rather than by the editor's request (``BackgroundPurges``): an edit refreshes the
pages that show the item, and only those; the lists of its kind are refreshed too only when it
enters, leaves or moves in them (created, deleted, published, re-dated, re-tagged…).

Purges are soft (``SOFT_PURGE_HEADER``, xkey's softpurge): the pages are marked stale, not
dropped, so that readers keep getting the previous copy for the moment one request takes to
render the new one (Varnish's grace), instead of every reader waiting for a render. An item that
leaves the public's view (unpublished, deleted, put back under embargo or scheduled later) is
purged hard (``PURGE_HEADER``): no stale copy of it is served; Varnish then renders its pages once
for all the readers asking at that moment.
"""

import atexit
import http.client
import logging
import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Model
from django.db.models.signals import post_delete
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django_tasks import task

from core import metrics
from core.caching.cache import rehearsing, renew_shared_parts, seconds_to_keep
from core.models import KeepsLoadedValues, Publishable, Status

logger = logging.getLogger(__name__)

# Every page shows the layout (footer with the legal pages, the site's name).
LAYOUT_KEY = "layout"
# Pages that named nothing they show are refreshed by every change.
UNKEYED = "unkeyed"
# 304: Varnish asks again with the ETag of the copy it holds (after a soft purge, or when the
# copy's time is up) and keeps that copy for the time the 304 gives: without its own
# Cache-Control, the copy's old one (s-maxage=600) was kept, and a list cached before an
# article was scheduled missed its publication by ten minutes.
CACHEABLE_STATUSES = frozenset({200, 301, 304, 404, 410})


def item_key(obj: Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def list_key(model: type[Model]) -> str:
    return model._meta.label_lower


def any_item_key(model: type[Model]) -> str:
    """The key of pages that depend on every field of every item of the kind (search results)."""
    return f"{model._meta.label_lower}:any"


def show(request, *things) -> None:
    """Record what the page shows: items (instances), lists (models) or keys (strings)."""
    keys = request.__dict__.setdefault("surrogate_keys", set())
    for thing in things:
        if thing is None:
            continue
        if isinstance(thing, str):
            keys.add(thing)
        elif isinstance(thing, type):
            keys.add(list_key(thing))
        else:
            keys.add(item_key(thing))


def keep_for(request, seconds: int) -> None:
    """Let shared caches keep this page ``seconds`` at most (fewer than PAGE_CACHE_SECONDS):
    for a page that no purge can keep exact, such as search results."""
    request.__dict__["page_cache_seconds"] = seconds


def _cacheable(request, response) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and response.status_code in CACHEABLE_STATUSES
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and settings.CSRF_COOKIE_NAME not in request.COOKIES
    )


class CacheHeadersMiddleware:
    """Tell shared caches how long they may keep a public page and which keys it carries.

    Anything with a session or CSRF cookie, a cookie being set, or a Cache-Control of its own
    (previews, forms, the admin: ``never_cache``) is left alone, hence never shared.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PAGE_CACHE_SECONDS > 0 and _cacheable(request, response):
            keys = getattr(request, "surrogate_keys", None) or {UNKEYED}
            response[settings.SURROGATE_KEY_HEADER] = " ".join(sorted(keys | {LAYOUT_KEY}))
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PAGE_BROWSER_SECONDS,
                s_maxage=seconds_to_keep(
                    min(
                        settings.PAGE_CACHE_SECONDS,
                        request.__dict__.get("page_cache_seconds", settings.PAGE_CACHE_SECONDS),
                    )
                ),
            )
        return response


@dataclass(frozen=True)
class Rule:
    keys: Callable[[Model], set[str]]
    # The fields (attribute names) that decide which lists hold an item and in what order;
    # None: every change counts as one that may move it.
    list_fields: frozenset[str] | None
    # Whether such a change also renews the parts many pages share (counts, sidebar): not for
    # a visitor's accreditation request, which must not reset what every page computed.
    shared_parts: bool


_rules: dict[type[Model], Rule] = {}


def own_keys(obj: Model) -> set[str]:
    """The item's own pages and every page showing its card, and the pages showing any item."""
    return {item_key(obj), any_item_key(type(obj))}


def register(
    model: type[Model],
    keys=own_keys,
    *,
    list_fields: Iterable[str] | None = None,
    shared_parts: bool = True,
) -> None:
    """Purge ``keys(instance)`` whenever an instance of ``model`` is saved, deleted or re-linked.

    ``list_fields`` name what the lists of the kind filter, order or count on (a many-to-many
    field such as tags included; the model's ``schedule_fields`` always count): only creating
    or deleting an item, or changing one of them, purges the kind's list key and renews the
    shared parts. A change of anything else (a title, an image) changes what the item's cards
    show, not which lists hold them: its own key refreshes them. Without ``list_fields``,
    every change renews the shared parts (unless ``shared_parts`` is False). Registered again
    (another app's pages show it), the model's changes purge both apps' keys.
    """
    if model in _rules:
        keys = partial(_both, _rules[model].keys, keys)
    if list_fields is not None:
        if not issubclass(model, KeepsLoadedValues):
            raise TypeError(f"{model.__name__} must keep its loaded values to track list fields")
        fields = [model._meta.get_field(name) for name in list_fields]
        fields += [model._meta.get_field(name) for name in getattr(model, "schedule_fields", ())]
        list_fields = frozenset(
            field.name if field.many_to_many else field.attname for field in fields
        )
    _rules[model] = Rule(keys, list_fields, shared_parts)


def _both(first, second, instance) -> set[str]:
    return {*first(instance), *second(instance)}


def changed(sender, instance=None, action=None, signal=None, **kwargs) -> None:
    """Purge, after the commit, the keys of a saved, deleted or re-linked instance."""
    if instance is None or (action is not None and not action.startswith("post_")):
        return
    if rehearsing():
        return  # rolled back: the pages still show what they showed
    pk_set = kwargs.get("pk_set")
    if action in ("post_add", "post_remove") and not pk_set:
        return  # taggit's set() adds nothing when the tags stay the same
    rule = _rules.get(type(instance))
    if rule is None:
        return
    keys = set(rule.keys(instance))
    # Before the loaded values are renewed (at once outside a transaction).
    hidden = _leaves_public_view(instance, deleted=signal is post_delete and action is None)
    if pk_set:
        # The items linked or unlinked show, or stop showing, this one.
        keys |= {f"{kwargs['model']._meta.label_lower}:{pk}" for pk in pk_set}
    if rule.list_fields is None:
        moved = True
    else:
        moved = _moves_in_lists(
            instance, rule.list_fields, signal=signal, through=sender, action=action, **kwargs
        )
        if moved:
            keys.add(list_key(type(instance)))
        _remember_on_commit(instance, rule.list_fields)
    if moved and rule.shared_parts:
        renew_shared_parts()
    purge_on_commit(keys, hard={item_key(instance)} if hidden else ())


def _live(values: dict, now) -> bool:
    return (
        values.get("status") == Status.PUBLISHED
        and values.get("publication_date") is not None
        and values["publication_date"] <= now
        and (values.get("expiry_date") is None or values["expiry_date"] > now)
    )


def _leaves_public_view(instance, *, deleted: bool) -> bool:
    """Return True if the public could see the item before this change and cannot after it."""
    if not isinstance(instance, Publishable):
        return False
    loaded = instance.__dict__.get("_loaded_values")
    if not loaded:
        return False  # created: nothing of it was served
    now = timezone.now()
    if not _live(loaded, now):
        return False
    if deleted:
        return True
    current = {name: instance.__dict__.get(name) for name in ("status", *instance.schedule_fields)}
    return not _live(current, now)


def _moves_in_lists(instance, list_fields, *, signal, through, action, created=False, **kwargs):
    """Return True if the change may add the instance to a list, take it out or move it."""
    if created or signal is post_delete or action == "post_clear":
        return True
    if action is not None:
        return any(
            field.name in list_fields
            for field in type(instance)._meta.many_to_many
            if field.remote_field.through is through
        )
    return instance.changed_since_loaded(list_fields)


def _remember_on_commit(instance, list_fields) -> None:
    values = {name: instance.__dict__[name] for name in list_fields if name in instance.__dict__}
    # Not before: a rolled-back save leaves the database as it was loaded.
    transaction.on_commit(partial(instance.remember_values, values))


def purge_on_commit(keys: Iterable[str], *, hard: Iterable[str] = ()) -> None:
    """Purge ``keys`` once the current transaction commits (at once outside one).

    ``keys`` are purged softly (stale copies served while the page renders again), ``hard``
    ones dropped from the caches.
    """
    if not settings.VARNISH_URLS:
        return
    connection = transaction.get_connection()
    # Keys wait on the connection; the first callback to run sends them all, so a transaction
    # that touched many rows sends one purge. Keys of a rolled-back change go with the next
    # purge: purging too much is harmless, too little is not.
    pending = connection.__dict__.setdefault("_purge_pending", set())
    pending.update(keys)
    pending.update(hard)
    pending.add(UNKEYED)
    connection.__dict__.setdefault("_purge_pending_hard", set()).update(hard)
    transaction.on_commit(partial(_flush, connection))


def _flush(connection) -> None:
    keys = connection.__dict__.pop("_purge_pending", None)
    hard = connection.__dict__.pop("_purge_pending_hard", set())
    if not keys:
        return
    if settings.PURGE_IN_BACKGROUND:
        _purges.submit(keys, hard)
    else:
        purge(keys, hard=hard)


def purge(keys: Iterable[str], *, hard: Iterable[str] = ()) -> None:
    """Purge ``keys`` in every configured cache, ``hard`` ones (a subset) hard; a missed purge
    is queued to be sent again.

    The caches are asked all at once, each given ``VARNISH_PURGE_TIMEOUT`` seconds. The worker
    sends a missed purge again (``retry_purge``).
    """
    keys, hard = sorted(keys), sorted(hard)
    failed = send_purges(settings.VARNISH_URLS, keys, hard=hard)
    if failed:
        retry_purge(urls=failed, keys=keys, hard=hard)


class BackgroundPurges:
    """Send the purges from one thread of the process, never from the request that saved.

    An editor's save has committed whatever the caches answer: it returns at once, and a cache
    that hangs costs that thread its timeout, not the editor. Keys that arrive while a purge is
    on its way wait for it and leave together in the next one: a burst of saves sends a few
    purges, not one per save. The thread's database connection (a missed purge is queued for
    the worker) is closed after each purge, as a request's is.
    """

    def __init__(self):
        self._condition = threading.Condition()
        self._pending: set[str] = set()
        self._pending_hard: set[str] = set()
        self._sending = False
        self._thread: threading.Thread | None = None

    def submit(self, keys: Iterable[str], hard: Iterable[str] = ()) -> None:
        with self._condition:
            self._pending.update(keys)
            self._pending_hard.update(hard)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="purges", daemon=True)
                self._thread.start()
            self._condition.notify_all()

    def drain(self, timeout: float | None = None) -> bool:
        """Wait until every submitted key has been sent; return False if ``timeout`` ran out."""
        with self._condition:
            return self._condition.wait_for(
                lambda: not self._pending and not self._sending, timeout=timeout
            )

    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._pending)
                keys, self._pending = self._pending, set()
                hard, self._pending_hard = self._pending_hard, set()
                self._sending = True
            try:
                purge(keys, hard=hard)
            except Exception:
                logger.exception("Purge of %s keys failed", len(keys))
            finally:
                connections.close_all()
                with self._condition:
                    self._sending = False
                    self._condition.notify_all()


_purges = BackgroundPurges()


def drain_purges(timeout: float | None = None) -> bool:
    """Wait until this process has sent the purges of its changes (tests, commands that exit)."""
    return _purges.drain(timeout)


def _renew_after_fork() -> None:
    # A forked child (a gunicorn worker) has no thread of the parent's: it starts its own, empty.
    global _purges
    _purges = BackgroundPurges()


os.register_at_fork(after_in_child=_renew_after_fork)
# A command that saved content (load_demo, a scheduled publication) sends its purges before exit.
atexit.register(lambda: drain_purges(timeout=settings.VARNISH_PURGE_TIMEOUT + 1))


def send_purges(
    urls: Iterable[str], keys: list[str], timeout: float | None = None, *, hard: Iterable[str] = ()
) -> list[str]:
    """Send the purge of ``keys`` (``hard`` ones hard) to every address at once; return those
    that did not take it."""
    urls = list(urls)
    timeout = settings.VARNISH_PURGE_TIMEOUT if timeout is None else timeout
    headers = _purge_headers(keys, hard)
    if len(urls) == 1:
        results = [_try_purge(urls[0], keys, headers, timeout)]
    else:
        with ThreadPoolExecutor(max_workers=min(len(urls), 16)) as pool:
            results = list(pool.map(lambda url: _try_purge(url, keys, headers, timeout), urls))
    return [url for url, taken in zip(urls, results, strict=True) if not taken]


def _purge_headers(keys: Iterable[str], hard: Iterable[str]) -> dict[str, str]:
    """The purge request's headers: soft keys in SOFT_PURGE_HEADER, hard ones in PURGE_HEADER
    (all of them there when the cache knows no soft purge: SOFT_PURGE_HEADER empty)."""
    hard = set(hard)
    soft = [key for key in keys if key not in hard]
    headers = dict(settings.PURGE_EXTRA_HEADERS)
    if not settings.SOFT_PURGE_HEADER:
        headers[settings.PURGE_HEADER] = " ".join(sorted({*soft, *hard}))
        return headers
    if soft:
        headers[settings.SOFT_PURGE_HEADER] = " ".join(sorted(soft))
    if hard:
        headers[settings.PURGE_HEADER] = " ".join(sorted(hard))
    return headers


def _try_purge(url: str, keys: list[str], headers: dict[str, str], timeout: float) -> bool:
    try:
        _send_purge(url, headers, timeout)
    except (OSError, http.client.HTTPException, PurgeRefused) as error:
        logger.warning("Purge of %s keys failed at %s: %s", len(keys), url, error)
        metrics.count_purge(failed=True)
        return False
    metrics.count_purge(failed=False)
    return True


class PurgeRefused(Exception):
    pass


def _send_purge(url: str, headers: dict[str, str], timeout: float) -> None:
    """Send one purge request: Varnish's (PURGE, xkey-purge) or a CDN's, as the settings say."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(parts.hostname, parts.port or 443, timeout=timeout)
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        connection.request(settings.PURGE_METHOD, path, headers=headers)
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    if not 200 <= response.status < 300:
        raise PurgeRefused(f"HTTP {response.status}")


PURGE_ATTEMPTS = 6
# 5 s, 10 s, 20 s… : a Varnish restarting is back within a minute.
PURGE_FIRST_WAIT = 5


@task()
def purge_task(urls: list[str], keys: list[str], attempt: int, hard: list[str] = ()) -> str:
    """Send a purge again to the caches that missed it; queue one more try if needed."""
    failed = send_purges(urls, keys, hard=hard)
    if not failed:
        return "purged"
    retry_purge(urls=failed, keys=keys, hard=hard, attempt=attempt + 1)
    return "retry"


def retry_purge(
    *, urls: list[str], keys: list[str], hard: Iterable[str] = (), attempt: int = 1
) -> None:
    """Queue the purge of ``keys`` at ``urls`` for later, with a growing wait."""
    if attempt > PURGE_ATTEMPTS or not purge_task.get_backend().supports_defer:
        # Pages then live until their s-maxage at most: stale for a while, never for ever.
        logger.error("Purge of %s keys at %s given up after %s tries", len(keys), urls, attempt)
        return
    wait = timedelta(seconds=PURGE_FIRST_WAIT * 2 ** (attempt - 1))
    try:
        purge_task.using(run_after=timezone.now() + wait).enqueue(
            urls=list(urls), keys=list(keys), hard=list(hard), attempt=attempt
        )
    except Exception as error:
        logger.error("Purge of %s keys could not be queued again: %s", len(keys), error)
