"""The Permissions-Policy header: browser features the site never uses are switched off."""

from django.conf import settings


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
