"""Response headers: the Permissions-Policy of every page, and those of personal pages."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers


def permissions_policy(features: dict[str, list[str]]) -> str:
    """Return the header value, e.g. ``camera=(), fullscreen=(self)``."""
    return ", ".join(f"{name}=({' '.join(allowed)})" for name, allowed in features.items())


class PermissionsPolicyMiddleware:
    """Add the site's Permissions-Policy to every response that does not set its own."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        # A view that needs a feature (a camera for a badge scanner, say) sets its own header.
        response.headers.setdefault("Permissions-Policy", self.value)
        return response


def keep_private(response):
    """Mark a page whose address holds a personal secret: never cached, indexed nor referred."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    # Never sent to other sites; "no-referrer" would also make the browser send "Origin: null"
    # with the page's own forms, which the CSRF check refuses.
    response["Referrer-Policy"] = "same-origin"
    return response
