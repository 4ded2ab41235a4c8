"""Compress pages for browsers that accept it, when no Varnish in front does (``make run``).

Behind Varnish (``VARNISH_URLS`` set) the middleware steps aside: Varnish compresses what it
keeps once, in C, instead of Django on every render.

Only text is compressed, and only what was not built from the visitor's cookies: a page that
varies on Cookie may carry a session's data or a CSRF token, the secrets BREACH goes after by
measuring compressed sizes. Public pages, the ones Lighthouse and most visitors load, carry
neither. Django's GZipMiddleware also pads each response with random bytes.
"""

import re

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import has_vary_header

COMPRESSIBLE = re.compile(
    r"^(text/|application/(json|javascript|xml|rss\+xml|atom\+xml|ld\+json)|image/svg\+xml)"
)


def compressible(response) -> bool:
    """Return True if ``response`` is text that holds nothing from the visitor's cookies."""
    return (
        not response.streaming
        and bool(COMPRESSIBLE.match(response.get("Content-Type", "")))
        and not has_vary_header(response, "Cookie")
    )


class PublicGZipMiddleware(GZipMiddleware):
    def __init__(self, get_response):
        if settings.VARNISH_URLS:
            raise MiddlewareNotUsed("Varnish compresses the pages it keeps")
        super().__init__(get_response)

    def process_response(self, request, response):
        if not compressible(response):
            return response
        return super().process_response(request, response)
