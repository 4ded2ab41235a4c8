"""Views and mixins news, press and accreditations share, and the error pages of the site."""

import hashlib
import logging
import sys

from django.conf import settings
from django.contrib.auth import get_permission_codename
from django.core.exceptions import RequestDataTooBig
from django.core.paginator import Paginator
from django.db import Error
from django.http import Http404, HttpResponse, QueryDict
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from core.caching import http_cache
from core.caching.cache import cached_for_generation
from core.files.storage import store_failed
from core.legal_pages import cached_legal_pages, legal_pages
from core.publishing import proposals

logger = logging.getLogger(__name__)

# Seconds a client is told to wait when the database does not answer.
SERVICE_UNAVAILABLE_RETRY_AFTER = 120


class GenerationCountPaginator(Paginator):
    """A paginator whose count is kept like a part shared by pages, until content changes or a
    scheduled moment comes: counting tens of thousands of live rows is the costliest query of a
    list page, and every page of the list needs the same count."""

    def __init__(self, *args, count_key: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        if self.count_key is None:
            return Paginator.count.func(self)
        return cached_for_generation(f"count:{self.count_key}", lambda: Paginator.count.func(self))


class NumberedPaginationMixin:
    """Paginate 12 per page with numbered links; an out-of-range page is a 404."""

    paginate_by = 12
    paginator_class = GenerationCountPaginator
    # The query parameters that choose what the list shows.
    filter_params: tuple[str, ...] = ()
    # Whether the count is a shared part, kept until a change that can move items in lists.
    count_is_shared = True

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
            count_key=hashlib.sha256(address.encode()).hexdigest()
            if self.count_is_shared
            else None,
            **kwargs,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if getattr(self, "model", None) is not None:
            # Which items the list holds changes with the kind's list key; what their cards say,
            # with each item's own key.
            http_cache.show(self.request, self.model, *context["object_list"])
        page = context.get("page_obj")
        if page is not None:
            context["page_range"] = page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            )
            context["query_string"] = self.filter_query().urlencode()
        return context


class LiveOrPreviewMixin:
    """Serve live items to everyone and any item, as a preview, to staff who may change it.

    ``?version=pending`` shows staff the item's change waiting for review, at its real address;
    the public gets the published page. A preview is never cached nor indexed, and the template
    gets ``is_preview`` to show its banner.
    """

    pending_preview = False

    def can_preview(self) -> bool:
        # Staff are signed in: a visitor without a session is not looked up, so that public
        # pages neither read a session nor vary on cookies.
        if settings.SESSION_COOKIE_NAME not in self.request.COOKIES:
            return False
        user = self.request.user
        opts = self.model._meta
        codename = get_permission_codename("change", opts)
        return user.is_active and user.is_staff and user.has_perm(f"{opts.app_label}.{codename}")

    def get_queryset(self):
        queryset = super().get_queryset().defer(*getattr(self.model, "search_columns", ()))
        return queryset if self.can_preview() else queryset.live()

    def get(self, request, *args, **kwargs):
        if request.GET.get("version") != "pending" or not self.can_preview():
            return super().get(request, *args, **kwargs)
        pending = proposals.pending_of(self.get_object())
        if pending is None:
            raise Http404(_("Aucune modification de ce contenu n’attend de relecture."))
        self.pending_preview = True
        with proposals.rehearsal():
            proposals.apply(pending)
            response = super().get(request, *args, **kwargs)
            response.render()  # while the pending version is in the database
        return response

    def get_context_data(self, **kwargs):
        kwargs.setdefault("is_preview", self.pending_preview or not self.object.is_live())
        http_cache.show(self.request, self.object)
        return super().get_context_data(**kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["is_preview"]:
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex"
        return response


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
    if isinstance(exception, RequestDataTooBig):
        return request_too_large(request)
    return _error_page(request, "400.html", 400)


def request_too_large(request=None) -> HttpResponse:
    """Return the French 413 page; Varnish answers it too (``manage.py varnish_vcl``)."""
    return _error_page(request, "413.html", 413, {"minimal_layout": True, "legal_pages": []})


def uri_too_long(request=None) -> HttpResponse:
    """Return the French 414 page, which Varnish answers for an address over its limit."""
    return _error_page(request, "414.html", 414, {"minimal_layout": True, "legal_pages": []})


def permission_denied(request, exception=None):
    return _error_page(request, "403.html", 403)


def page_not_found(request, exception=None):
    return _error_page(request, "404.html", 404, {"request_path": request.path})


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
    error = sys.exc_info()[1]
    # The database or the file store failed, not the page: say it is temporary.
    if _database_failed(error) or store_failed(error):
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
