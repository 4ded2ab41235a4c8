import logging
import re
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import cache_control, never_cache
from django.views.generic import ListView, TemplateView

from accreditations.models import Event
from core import metrics, worker
from core.caching import http_cache
from core.caching.cache import cached_for_generation
from core.search import search
from core.views import NumberedPaginationMixin
from namur_site.forms import SearchForm
from news.models import Article, Topic
from press.models import PressRelease

logger = logging.getLogger(__name__)


class HomeView(TemplateView):
    template_name = "home.html"
    featured_count = 3
    latest_count = 6

    open_events_count = 3
    releases_count = 3

    def get_context_data(self, **kwargs):

        featured = list(Article.objects.live_cards().filter(featured=True)[: self.featured_count])
        latest = list(
            Article.objects.live_cards().exclude(pk__in=[article.pk for article in featured])[
                : self.latest_count
            ]
        )
        releases = list(PressRelease.objects.live_cards()[: self.releases_count])
        open_events = list(
            Event.objects.accreditation_open().with_counts()[: self.open_events_count]
        )
        http_cache.show(
            self.request,
            Article,
            PressRelease,
            Event,
            *featured,
            *latest,
            *releases,
            *open_events,
        )
        return super().get_context_data(
            featured_articles=featured,
            latest_articles=latest,
            latest_releases=releases,
            open_events=open_events,
            **kwargs,
        )


def live_years() -> list[int]:
    """Return the years that have live news or press releases, newest first."""
    years = set()
    for _kind, model in search.searchable_models():
        years.update(moment.year for moment in model.objects.live().periods("year"))
    return sorted(years, reverse=True)


class SearchView(NumberedPaginationMixin, ListView):
    """Search news and press releases; a bad filter is reported, never a server error."""

    template_name = "search/results.html"
    paginate_by = 10
    filter_params = ("q", "type", "theme", "annee")
    # Results depend on every word of every item: an edited title can add or remove a match,
    # and only list changes renew the shared parts.
    count_is_shared = False
    # What no purge can say (an edit that makes an item match a search it did not) is seen
    # within this time; a change to a result, or to which items are live, purges the page.

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(
            request.GET or None,
            topics=Topic.objects.all(),
            years=cached_for_generation("search-years", live_years),
        )
        self.filters = self.form.cleaned_data if self.form.is_valid() else {}
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = self.filters.get("q")
        # The lists' keys: publishing, unpublishing or re-dating any item can change any search.
        # Not the keys of every item: any save would then purge every cached search.
        for _kind, model in search.searchable_models():
            http_cache.show(self.request, model)
        http_cache.keep_for(self.request, settings.SEARCH_CACHE_SECONDS)
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
        results = search.results_for(rows, query) if query else []
        # The results' own keys: an edit of one shown here refreshes the page at once.
        http_cache.show(self.request, *(result.item for result in results))
        context.update(
            form=self.form,
            query=query,
            results=results,
            only_stop_words=search.only_stop_words(query),
            result_count=context["paginator"].count if context.get("paginator") else 0,
            max_candidates=search.MAX_CANDIDATES,
        )
        return context


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


def _worker_state() -> tuple[str, str, str]:
    """Return the worker's and the queue's words, and the last poll (ISO 8601, or "jamais")."""
    try:
        seen_at = worker.last_poll()
        _waiting, oldest = metrics.queue_state()
    except DatabaseError:
        logger.exception("Health check: the worker's last poll or the queue could not be read")
        return "indisponible", "indisponible", "inconnu"
    return (
        "indisponible" if worker.is_too_old(seen_at) else "ok",
        "en retard" if oldest > settings.QUEUE_LATE_SECONDS else "ok",
        timezone.localtime(seen_at).isoformat(timespec="seconds") if seen_at else "jamais",
    )


@never_cache
def healthz(request):
    """Say which dependency answers, one line each, without detail for the outside.

    200 while the database answers, since the site serves without its cache or its worker;
    503 otherwise. The worker is "indisponible" when none has polled the queue for two minutes;
    the queue is "en retard" when a task has been due for longer than QUEUE_LATE_SECONDS; the
    last line says when a worker last polled (ISO 8601, Brussels time).
    """
    database, cache_ok = _database_answers(), _cache_answers()
    # A worker that has not polled for a while sends nothing, but the site still serves: 200.
    if database:
        worker_state, queue, last_poll = _worker_state()
    else:
        worker_state, queue, last_poll = "indisponible", "indisponible", "inconnu"
    # Read by monitoring, not by visitors: fixed words, never translated.
    lines = [
        f"database: {'ok' if database else 'indisponible'}",
        f"cache: {'ok' if cache_ok else 'indisponible'}",
        f"worker: {worker_state}",
        f"queue: {queue}",
        f"last poll: {last_poll}",
    ]
    body = "".join(f"{line}\n" for line in lines)
    return HttpResponse(body, status=200 if database else 503, content_type="text/plain")


@cache_control(public=True, max_age=24 * 3600)
def print_site_stylesheet(request):
    """Give print.css the site's address, to write out in full the links that are relative."""
    # Written in a CSS string: quotes, backslashes and control characters are escaped.
    address = re.sub(r'["\\\x00-\x1f\x7f]', lambda m: f"\\{ord(m[0]):x} ", settings.SITE_URL)
    return HttpResponse(f':root {{ --site-url: "{address}"; }}\n', content_type="text/css")
