"""A fixed-window rate limit per client address, counted in the shared cache."""

import hashlib

from django.core.cache import cache

from namur_site.core.client_ip import client_ip


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
