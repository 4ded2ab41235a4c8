"""A fixed-window rate limit per client address, or per e-mail recipient, counted in the cache."""

import hashlib

from django.core.cache import cache

from core.client_ip import client_ip
from core.views import too_many_requests


def is_over_limit(request, *, scope: str, limit: int, period: int) -> bool:
    """Count this request and return True once the address went over ``limit`` in ``period``."""
    return _count(f"{scope}:{_digest(client_ip(request))}", period) > limit


def recipient_over_limit(email: str, *, scope: str, limit: int, period: int) -> bool:
    """Count an e-mail to ``email`` and return True once it went over ``limit`` in ``period``.

    Whatever client addresses the posts come from, a mailbox a visitor typed gets at most
    ``limit`` e-mails from one form in a period.
    """
    return _count(f"{scope}:to:{_digest(email.strip().lower())}", period) > limit


def _digest(value: str) -> str:
    # Hashed: the cache holds no address, IP or e-mail, in clear.
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _count(name: str, period: int) -> int:
    key = f"ratelimit:{name}"
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:
        # The key expired between add() and incr(): this request opens a new window.
        cache.set(key, 1, timeout=period)
        count = 1
    return count


def refuse_posts_over_limit(request, *, scope: str, limit: int, period: int):
    """Return the 429 page for a POST over the address's limit, else None (and count the POST)."""
    if request.method == "POST" and is_over_limit(request, scope=scope, limit=limit, period=period):
        return too_many_requests(request, retry_after=period)
    return None
