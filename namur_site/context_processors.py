from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from core.legal_pages import legal_pages

MAIN_NAVIGATION = [
    ("news:list", _("Actualités")),
    ("press:list", _("Presse")),
    ("accreditations:list", _("Accréditations")),
    ("search", _("Recherche")),
]


@lru_cache(maxsize=8)
def _navigation_urls(urlconf, script_prefix) -> tuple[tuple[str, object], ...]:
    """Return the address and label of each section, once per URL configuration: a section
    appears once its app serves pages."""
    items = []
    for url_name, label in MAIN_NAVIGATION:
        try:
            items.append((reverse(url_name, urlconf=urlconf), label))
        except NoReverseMatch:
            continue
    return tuple(items)


def _navigation(current_path: str) -> tuple[list[dict], str]:
    """Return the main navigation and the address of the section the page belongs to."""
    items, section = [], ""
    for url, label in _navigation_urls(get_urlconf(), get_script_prefix()):
        current = current_path.startswith(url)
        if current:
            section = url
        items.append({"url": url, "label": label, "current": current})
    return items, section


def site(request):
    """Expose what the layout shows on every page.

    ``legal_pages`` is the function itself: the footer, kept rendered (``{% fragment %}``),
    calls it only when it is rendered again.
    """
    navigation, section = _navigation(request.path)
    return {
        "city": settings.CITY,
        "site_url": settings.SITE_URL,
        "main_navigation": navigation,
        "navigation_section": "/" if request.path == "/" else section,
        "legal_pages": legal_pages,
    }
