"""Whole-page cache for anonymous visitors, invalidated by content changes and by the clock.

A page is stored in the shared cache with the generation it was rendered under and the moment
it must be dropped (the page cache's limit, or the next scheduled change it may depend on; see
namur_site/cache.py). Each process also keeps copies of the pages it served last, within a byte
budget, so that a hit usually needs no round trip at all: a copy counts only while its generation
is still the current one, which every process learns of at once. Nothing another process needs
lives only here: a copy lost with its process is fetched again from the shared cache.

Staff, drafts, forms (CSRF cookies) and anything private are never cached.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_response_headers, set_response_etag
from django.utils.http import http_date, parse_http_date_safe

from namur_site.cache import generation, seconds_to_keep

# Bump when the stored form changes: pages stored by an older release are then ignored.
KEY_PREFIX = "namur:page:2"


class Page(NamedTuple):
    generation: int
    expires: float  # time.time() when the page must be rendered again
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes

    def is_fresh(self, current: int) -> bool:
        return self.generation == current and time.time() < self.expires

    def response(self) -> HttpResponse:
        return HttpResponse(self.content, status=self.status, headers=dict(self.headers))


class LocalPages:
    """This process's copies of pages, least recently used dropped first, within a byte budget."""

    # What a copy costs besides its content (headers, key, bookkeeping), roughly.
    overhead = 1024

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._pages: OrderedDict[str, Page] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> Page | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: str, page: Page) -> None:
        size = len(page.content) + self.overhead
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= len(old.content) + self.overhead
            self._pages[key] = page
            self._bytes += size
            while self._bytes > self.max_bytes:
                _key, dropped = self._pages.popitem(last=False)
                self._bytes -= len(dropped.content) + self.overhead

    def __len__(self) -> int:
        return len(self._pages)


def _cacheable_request(request) -> bool:
    # Without a session cookie nobody is logged in: the check needs neither the session nor the
    # user, so a hit skips their middleware altogether.
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES)
    )


def _known_host(request) -> bool:
    # CommonMiddleware, below, answers 400 to a host outside ALLOWED_HOSTS: a hit must not skip
    # that check. Such a request goes on down the stack and gets its 400 there.
    try:
        request.get_host()
    except DisallowedHost:
        return False
    return True


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


def _not_modified(request, page: Page):
    """Answer 304 to a conditional request for a page the client already has, as
    ConditionalGetMiddleware (below this middleware) does on a miss."""
    if "HTTP_IF_NONE_MATCH" not in request.META and "HTTP_IF_MODIFIED_SINCE" not in request.META:
        return None
    headers = dict(page.headers)
    return get_conditional_response(
        request,
        etag=headers.get("ETag"),
        last_modified=parse_http_date_safe(headers.get("Last-Modified", "")),
        response=page.response(),
    )


class PublicPageCacheMiddleware:
    """Serve anonymous visitors from the page cache; fill it on a miss.

    It sits high in MIDDLEWARE: a page is stored with the headers the middleware below gave it
    (Content-Security-Policy with the nonce of its scripts, frame options), and a hit answers
    conditional requests itself, so none of that middleware runs again.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.local = LocalPages(settings.PAGE_CACHE_LOCAL_BYTES)

    def __call__(self, request):
        if settings.PAGE_CACHE_SECONDS <= 0 or not _cacheable_request(request):
            return self.get_response(request)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"{KEY_PREFIX}:{request.method}:{path}"
        current = generation()
        page = self._find(key, current)
        if page is not None and _known_host(request):
            response = _not_modified(request, page) or page.response()
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(response):
            self._store(key, current, response)
        return response

    def _find(self, key: str, current: int) -> Page | None:
        page = self.local.get(key)
        if page is not None and page.is_fresh(current):
            return page
        page = cache.get(key)
        if page is not None and page.is_fresh(current):
            self.local.put(key, page)
            return page
        return None

    def _store(self, key: str, current: int, response) -> None:
        timeout = seconds_to_keep(settings.PAGE_CACHE_SECONDS)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(current / 1e9)
        # Computed once here rather than by ConditionalGetMiddleware on every hit.
        set_response_etag(response)
        # Browsers revalidate (a cheap 304 thanks to ETag and Last-Modified) rather than keep
        # a page past the server's own copy.
        patch_response_headers(response, cache_timeout=min(timeout, settings.PAGE_BROWSER_SECONDS))
        response["X-Cache"] = "miss"
        page = Page(
            generation=current,
            expires=time.time() + timeout,
            status=response.status_code,
            headers=tuple((name, value) for name, value in response.items() if name != "X-Cache"),
            content=response.content,
        )
        cache.set(key, page, timeout=timeout)
        self.local.put(key, page)
