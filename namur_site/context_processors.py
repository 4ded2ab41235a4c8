from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from core.legal_pages import legal_pages

MAIN_NAVIGATION = [
    ("news:list", _("Actualités")),
    ("press:list", _("Presse")),
    ("accreditations:list", _("Accréditations")),
    ("search", _("Recherche")),
]


def _navigation(current_path: str) -> list[dict]:
    """Return the main navigation; a section appears once its app serves pages."""
    items = []
    for url_name, label in MAIN_NAVIGATION:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "current": current_path.startswith(url)})
    return items


def site(request):
    """Expose what the layout shows on every page."""
    return {
        "city": settings.CITY,
        "site_url": settings.SITE_URL,
        "main_navigation": _navigation(request.path),
        "legal_pages": legal_pages(),
    }
