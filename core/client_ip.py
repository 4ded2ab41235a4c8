"""The client's address, as the reverse proxies in front of the app saw it."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """Return the address of the client that sent the request."""
    peer = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return peer
    # Each proxy appends the address it received the request from, so the first trusted proxy's
    # entry is the N-th from the right; whatever stands left of it came from the client, who may
    # have written anything there.
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies:
        return peer
    candidate = forwarded[-proxies]
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return peer
    return candidate
