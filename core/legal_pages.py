"""The editor-managed legal pages: the page itself, and the list every footer shows."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.shortcuts import get_current_site
from django.core.cache import cache
from django.http import Http404, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe

from core.caching import http_cache

CACHE_KEY = "namur:legal-pages"
DEFAULT_TEMPLATE = "flatpages/default.html"


def legal_page(request, url: str):
    """Show a legal page; its title stays text, only its content (sanitised when saved) is HTML.

    Django's own flatpage view marks the title safe too, which would let a title carry markup.
    """
    url = "/" + url.lstrip("/")
    pages = FlatPage.objects.filter(sites=get_current_site(request).id)
    page = pages.filter(url=url).first()
    if page is None:
        if settings.APPEND_SLASH and not url.endswith("/") and pages.filter(url=url + "/").exists():
            return HttpResponsePermanentRedirect(request.path + "/")
        raise Http404
    if page.registration_required and not request.user.is_authenticated:
        return redirect_to_login(request.path)
    http_cache.show(request, http_cache.LAYOUT_KEY)
    # Sanitised on every save (namur_site.signals), so it may be printed as it is.
    content = mark_safe(page.content)  # noqa: S308
    return TemplateResponse(
        request,
        [page.template_name, DEFAULT_TEMPLATE] if page.template_name else DEFAULT_TEMPLATE,
        {"flatpage": page, "content": content},
    )


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


def cached_legal_pages() -> list[dict] | None:
    """Return the list of legal pages if the cache holds it, without asking the database."""
    return cache.get(CACHE_KEY)


def forget_legal_pages() -> None:
    cache.delete(CACHE_KEY)
