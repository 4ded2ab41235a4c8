"""The legal pages listed in every footer, kept in the cache between their edits."""

from django.contrib.flatpages.models import FlatPage
from django.core.cache import cache

CACHE_KEY = "namur:legal-pages"


def legal_pages() -> list[dict]:
    """Return the title and address of each editor-managed page, in address order."""
    pages = cache.get(CACHE_KEY)
    if pages is None:
        pages = [
            {"title": page.title, "url": page.get_absolute_url()}
            for page in FlatPage.objects.order_by("url").only("url", "title")
        ]
        cache.set(CACHE_KEY, pages, timeout=None)
    return pages


def forget_legal_pages() -> None:
    cache.delete(CACHE_KEY)
