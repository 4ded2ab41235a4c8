"""The client's address, as the reverse proxies in front of the app saw it."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """Return the address of the client that sent the request."""
    return forwarded_client(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        settings.TRUSTED_PROXY_COUNT,
    )


def forwarded_client(peer: str, forwarded_for: str, proxies: int) -> str:
    """Return the client's address from the peer's, X-Forwarded-For, and the proxies trusted.

    Also used without Django, by gunicorn's access log (namur_site/access_log.py).
    """
    if proxies <= 0:
        return peer
    # Each proxy appends the address it received the request from, so the first trusted proxy's
    # entry is the N-th from the right; whatever stands left of it came from the client, who may
    # have written anything there.
    forwarded = [part.strip() for part in (forwarded_for or "").split(",")]
    if len(forwarded) < proxies:
        return peer
    candidate = forwarded[-proxies]
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return peer
    return candidate
