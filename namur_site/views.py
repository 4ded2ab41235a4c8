import hashlib
import logging
import sys
import uuid

from django.conf import settings
from django.contrib.auth import get_permission_codename
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import DatabaseError, Error, connection
from django.http import HttpResponse, QueryDict
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, TemplateView

from namur_site import http_cache, search
from namur_site.cache import cached_for_generation
from namur_site.forms import SearchForm
from namur_site.legal_pages import cached_legal_pages, legal_pages

logger = logging.getLogger(__name__)


class HomeView(TemplateView):
    template_name = "home.html"
    featured_count = 3
    latest_count = 6

    open_events_count = 3
    releases_count = 3

    def get_context_data(self, **kwargs):
        from accreditations.models import Event
        from news.models import Article
        from news.views import live_articles
        from press.models import PressRelease
        from press.views import live_releases

        featured = list(live_articles().filter(featured=True)[: self.featured_count])
        latest = live_articles().exclude(pk__in=[article.pk for article in featured])
        open_events = list(
            Event.objects.accreditation_open().with_counts()[: self.open_events_count]
        )
        http_cache.show(self.request, Article, PressRelease, Event, *open_events)
        return super().get_context_data(
            featured_articles=featured,
            latest_articles=latest[: self.latest_count],
            latest_releases=live_releases()[: self.releases_count],
            open_events=open_events,
            **kwargs,
        )


class GenerationCountPaginator(Paginator):
    """A paginator whose count is kept like a part shared by pages, until content changes or a
    scheduled moment comes: counting tens of thousands of live rows is the costliest query of a
    list page, and every page of the list needs the same count."""

    def __init__(self, *args, count_key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        return cached_for_generation(f"count:{self.count_key}", lambda: Paginator.count.func(self))


class NumberedPaginationMixin:
    """Paginate 12 per page with numbered links; an out-of-range page is a 404."""

    paginate_by = 12
    paginator_class = GenerationCountPaginator
    # The query parameters that choose what the list shows.
    filter_params: tuple[str, ...] = ()

    def filter_query(self) -> QueryDict:
        """Return the request's filters, in a fixed order, without any other parameter."""
        query = QueryDict(mutable=True)
        for name in self.filter_params:
            if name in self.request.GET:
                query.setlist(name, self.request.GET.getlist(name))
        return query

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        # What is listed depends on the path and the filters alone (public lists show live
        # items to all); other parameters must not make a new count each.
        address = f"{self.request.path}?{self.filter_query().urlencode()}"
        return super().get_paginator(
            queryset,
            per_page,
            orphans,
            allow_empty_first_page,
            count_key=hashlib.sha256(address.encode()).hexdigest(),
            **kwargs,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if getattr(self, "model", None) is not None:
            # Any change to an item of the kind may add it to, or take it from, the list.
            http_cache.show(self.request, self.model)
        page = context.get("page_obj")
        if page is not None:
            context["page_range"] = page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            )
            context["query_string"] = self.filter_query().urlencode()
        return context


def live_years() -> list[int]:
    """Return the years that have live news or press releases, newest first."""
    years = set()
    for _kind, model in search.searchable_models():
        years.update(d.year for d in model.objects.live().dates("publication_date", "year"))
    return sorted(years, reverse=True)


class SearchView(NumberedPaginationMixin, ListView):
    """Search news and press releases; a bad filter is reported, never a server error."""

    template_name = "search/results.html"
    paginate_by = 10
    filter_params = ("q", "type", "theme", "annee")

    def get(self, request, *args, **kwargs):
        from news.models import Topic

        self.form = SearchForm(
            request.GET or None,
            topics=Topic.objects.all(),
            years=cached_for_generation("search-years", live_years),
        )
        self.filters = self.form.cleaned_data if self.form.is_valid() else {}
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = self.filters.get("q")
        http_cache.show(self.request, *(model for _kind, model in search.searchable_models()))
        if not query:
            return []
        return search.find(
            query,
            kinds=[self.filters["type"]] if self.filters.get("type") else (),
            topic=self.filters.get("theme"),
            year=self.filters.get("annee"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.filters.get("q", "")
        rows = list(context["object_list"])
        context.update(
            form=self.form,
            query=query,
            results=search.results_for(rows, query) if query else [],
            result_count=context["paginator"].count if context.get("paginator") else 0,
            max_candidates=search.MAX_CANDIDATES,
        )
        return context


class LiveOrPreviewMixin:
    """Serve live items to everyone and any item, as a preview, to staff who may change it.

    A preview is never cached and the template gets ``is_preview`` to show its banner.
    """

    def can_preview(self) -> bool:
        user = self.request.user
        opts = self.model._meta
        codename = get_permission_codename("change", opts)
        return user.is_active and user.is_staff and user.has_perm(f"{opts.app_label}.{codename}")

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self.can_preview() else queryset.live()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("is_preview", not self.object.is_live())
        http_cache.show(self.request, self.object)
        return super().get_context_data(**kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["is_preview"]:
            add_never_cache_headers(response)
        return response


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return False
    return True


def _cache_answers() -> bool:
    # A key of this check's own: another process checking at the same moment cannot answer for it.
    key = f"namur:healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, 1, timeout=10)
        return cache.get(key) == 1
    except Exception:
        # The Redis backend never raises (it answers as an empty cache); another might.
        logger.exception("Health check: the cache does not answer")
        return False


@never_cache
def healthz(request):
    """Say which dependency answers, one line each, without detail for the outside.

    200 while the database answers, since the site serves without its cache; 503 otherwise.
    """
    database, cache_ok = _database_answers(), _cache_answers()
    # Read by monitoring, not by visitors: fixed words, never translated.
    body = "".join(
        f"{name}: {'ok' if ok else 'indisponible'}\n"
        for name, ok in (("database", database), ("cache", cache_ok))
    )
    return HttpResponse(body, status=200 if database else 503, content_type="text/plain")


def _error_page(request, template_name: str, status: int, context=None) -> HttpResponse:
    """Render an error page in the site's layout.

    The context is built by hand, without context processors, so that an error page renders
    even when whatever broke the request would break them too.
    """
    context = {"city": settings.CITY, "site_url": settings.SITE_URL, **(context or {})}
    if not context.get("minimal_layout"):
        context["legal_pages"] = legal_pages()
    body = loader.get_template(template_name).render(context)
    return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    return _error_page(request, "400.html", 400)


def permission_denied(request, exception=None):
    return _error_page(request, "403.html", 403)


def page_not_found(request, exception=None):
    return _error_page(request, "404.html", 404, {"request_path": request.path})


# Seconds the 503 page asks clients to wait before trying again.
SERVICE_UNAVAILABLE_RETRY_AFTER = 120


def _database_failed(error: BaseException | None) -> bool:
    """Return True if the database raised ``error`` or an error that led to it."""
    seen = set()
    while error is not None and id(error) not in seen:
        # Error, not only DatabaseError: a closed connection raises InterfaceError, its sibling.
        if isinstance(error, Error):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def service_unavailable(request) -> HttpResponse:
    """Return the French 503 page, which asks nothing of the database.

    The footer lists the legal pages only if the cache still holds them.
    """
    context = {"minimal_layout": True, "legal_pages": cached_legal_pages() or []}
    response = _error_page(request, "503.html", 503, context)
    response["Retry-After"] = str(SERVICE_UNAVAILABLE_RETRY_AFTER)
    add_never_cache_headers(response)
    return response


def server_error(request):
    # Called while Django handles the exception, so it is still the current one.
    if _database_failed(sys.exc_info()[1]):
        return service_unavailable(request)
    try:
        return _error_page(request, "500.html", 500)
    except Exception:
        # The database may be what failed: render the layout without the parts that query it.
        return _error_page(request, "500.html", 500, {"minimal_layout": True})


def too_many_requests(
    request, *, retry_after: int = 60, template_name: str = "429.html"
) -> HttpResponse:
    """Return the French 429 page, telling the client when to try again."""
    context = {"retry_after_minutes": -(-retry_after // 60)}
    response = _error_page(request, template_name, 429, context)
    response["Retry-After"] = str(retry_after)
    return response


def login_locked_out(request, original_response=None, credentials=None) -> HttpResponse:
    """Return the French 429 page of a sign-in locked after too many failed attempts."""
    # The lock began at most a cool-off ago: the whole cool-off is the longest wait left.
    retry_after = int(settings.AXES_COOLOFF_TIME.total_seconds())
    return too_many_requests(request, retry_after=retry_after, template_name="429_login.html")


def csrf_failure(request, reason=""):
    return _error_page(request, "403_csrf.html", 403)
