"""A fixed-window rate limit per client address, counted in the shared cache."""

import hashlib

from django.core.cache import cache

from namur_site.core.client_ip import client_ip
from namur_site.core.views import too_many_requests


def is_over_limit(request, *, scope: str, limit: int, period: int) -> bool:
    """Count this request and return True once the address went over ``limit`` in ``period``."""
    # The address is hashed: the cache holds no personal data in clear.
    digest = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}"
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:
        # The key expired between add() and incr(): this request opens a new window.
        cache.set(key, 1, timeout=period)
        count = 1
    return count > limit


def refuse_posts_over_limit(request, *, scope: str, limit: int, period: int):
    """Return the 429 page for a POST over the address's limit, else None (and count the POST)."""
    if request.method == "POST" and is_over_limit(request, scope=scope, limit=limit, period=period):
        return too_many_requests(request, retry_after=period)
    return None
