"""Change lists at a city archive's scale: a million items answer as fast as a hundred.

- Search reads the full-text index (``search.staff_search``), never ``icontains`` over the
  texts; a handful of matches comes ranked, more keep the list's order (ranking reads every
  match's vector).
- Pages count exactly up to ``COUNT_LIMIT`` items (the database stops there) and, beyond, take
  PostgreSQL's estimate (the planner's, from ``pg_class.reltuples`` and the columns'
  statistics): Django's admin counts every row of the list, and of the table, on every page.
- The date drill finds which years, months or days hold items by probing each through the
  date's index, where Django reads every row's date.
- Rows are read without the columns no list shows (the body, the search columns), in the
  order of an index (``core.models.desk_order_index``).
"""

import json
from datetime import datetime, timedelta

from django.contrib.admin import helpers
from django.contrib.admin.views.main import ORDER_VAR
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections, models
from django.db.models import DateTimeField, Exists, ExpressionWrapper, F, Max, Min, Value
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy

from core.models import DESK_ORDER
from core.search import search

# Counted exactly up to here; beyond, « environ 52 000 » from the planner's estimate.
COUNT_LIMIT = 1000
# Matches of a search ranked by relevance; with more, the list keeps its own order.
RANKED_MATCHES = 5000


def planned_rows(queryset) -> int:
    """Return how many rows PostgreSQL's planner expects ``queryset`` to give (no row read)."""
    plan = json.loads(queryset.order_by().values("pk").explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def is_postgresql(queryset) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def at_most(queryset, limit: int) -> int:
    """Return the count of ``queryset`` if it is at most ``limit``, else ``limit + 1``.

    The database stops at ``limit + 1`` rows. Counted, never estimated: PostgreSQL has no
    statistics for a word it has not sampled, and guesses 5,000 to 20,000 matches (of a million)
    for a word three items hold.
    """
    return queryset.order_by()[: limit + 1].count()


class LargeTablePaginator(Paginator):
    """Count up to ``COUNT_LIMIT`` rows; beyond, give the planner's estimate (at least that).

    ``estimated`` says the count is the planner's (PostgreSQL), ``at_least`` that it is only
    known to be over ``COUNT_LIMIT`` (SQLite). Either way a page past the estimate is valid,
    and empty.
    """

    estimated = False
    at_least = False
    limit = COUNT_LIMIT

    @cached_property
    def count(self):
        queryset = self.object_list
        if not isinstance(queryset, models.QuerySet):
            return super().count
        # A search has counted its matches already, up to RANKED_MATCHES.
        counted = getattr(queryset, "matches_counted", None)
        if counted is not None and counted <= RANKED_MATCHES:
            return counted
        if counted is None:
            counted = at_most(queryset, self.limit)
        if counted <= self.limit:
            return counted
        if is_postgresql(queryset):
            self.estimated = True
            return max(planned_rows(queryset), counted)
        # SQLite: more than the limit, how many unknown.
        self.at_least = True
        return counted

    def validate_number(self, number):
        if not (self.estimated or self.at_least):
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def page(self, number):
        number = self.validate_number(number)
        if not (self.estimated or self.at_least):
            return super().page(number)
        # Not cut at the estimated count: the rows that are there.
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)


def unlisted_columns(model) -> list[str]:
    """Return the long texts and search columns of ``model``, which no change list shows."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField | search.SearchVectorField)
    ]


class LargeTableAdminMixin:
    """Search through the full-text index, count cheaply, read only what the list shows."""

    show_full_result_count = False
    paginator = LargeTablePaginator
    change_list_template = "admin/publishable/change_list.html"
    # Search reads the index (get_search_results), which covers what a reader sees: the field
    # only tells Django to show the search box and to offer autocompletes.
    search_fields = ["title"]
    search_help_text = gettext_lazy(
        "Des mots du titre, du chapô ou du texte (le début d’un mot suffit), de l’adresse "
        "(slug), ou le numéro d’identifiant."
    )

    def get_search_results(self, request, queryset, search_term):
        # The change list and the autocompletes: both read rows only to list them.
        queryset = queryset.defer(*unlisted_columns(self.model))
        if not search.normalise_query(search_term):
            return queryset, False
        matches, rank = search.staff_search(queryset, search_term)
        # Unless the editor sorts by a column (the change list has ordered the rows already),
        # the best match first.
        sorted_by_editor = bool(request.GET.get(ORDER_VAR))
        counted = at_most(matches, RANKED_MATCHES)
        if rank is not None and not sorted_by_editor and counted <= RANKED_MATCHES:
            matches = matches.annotate(search_rank=rank).order_by("-search_rank", *DESK_ORDER)
        matches.matches_counted = counted  # read by LargeTablePaginator
        return matches, False

    def action_checkbox(self, obj):
        # Django renders a form widget's template for each row: most of a row's time.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), obj),
        )


# A change list with more rows than this (the planner's estimate) has its dates probed through
# the date's index; a smaller one has them read from its rows, as Django does.
DATE_PROBE_ROWS = 20_000


class DatesFromIndex:
    """What Django's date drill reads of a change list's queryset, found through an index.

    Django lists the years (then months, days) that hold items with ``SELECT DISTINCT`` over
    every row's date: at a million rows, most of a second. For a large list the first and last
    dates are read at the ends of the date's index, then every year (month, day) between them is
    probed for one item, all in one query of ``EXISTS``, each an index lookup. A small list (a
    rare word's matches, a year) is read as Django reads it, its first and last dates included:
    walking the date's index until a rare match turns up would read most of it.
    """

    def __init__(self, queryset, field_name: str, counted: int | None = None):
        self.queryset = queryset.order_by()
        self.field_name = field_name
        self.counted = counted
        self.range = None

    @cached_property
    def few(self) -> bool:
        if self.counted is not None or not is_postgresql(self.queryset):
            return True
        return planned_rows(self.queryset) <= DATE_PROBE_ROWS

    def aggregate(self, **kwargs):
        date = F(self.field_name)
        if self.few:
            # An expression, so that PostgreSQL reads the matches rather than the date's index.
            date = ExpressionWrapper(date + Value(timedelta(0)), output_field=DateTimeField())
        self.range = self.queryset.aggregate(first=Min(date), last=Max(date))
        return self.range

    def datetimes(self, field_name, kind, *args, **kwargs):
        if self.few:
            return self.queryset.datetimes(field_name, kind, *args, **kwargs)
        if self.range is None:
            self.aggregate()
        first, last = self.range["first"], self.range["last"]
        if first is None or last is None:
            return []
        zone = timezone.get_current_timezone()
        first, last = timezone.localtime(first, zone), timezone.localtime(last, zone)
        bounds = [
            (timezone.make_aware(start, zone), timezone.make_aware(end, zone))
            for start, end in _periods(first, last, kind)
        ]
        checks = {
            f"p{n}": Exists(
                self.queryset.filter(**{f"{field_name}__gte": start, f"{field_name}__lt": end})
            )
            for n, (start, end) in enumerate(bounds)
        }
        model = self.queryset.model
        row = (
            model._base_manager.using(self.queryset.db)
            .order_by()
            .annotate(**checks)
            .values(*checks)[:1]
        )
        found = row[0] if row else {}
        return [start for n, (start, _end) in enumerate(bounds) if found.get(f"p{n}")]


def _periods(first: datetime, last: datetime, kind: str):
    """Yield the (start, end) naive local times of each year, month or day from first to last."""
    if kind == "year":
        for year in range(first.year, last.year + 1):
            yield datetime(year, 1, 1), datetime(year + 1, 1, 1)
    elif kind == "month":
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            following = (year + month // 12, month % 12 + 1)
            yield datetime(year, month, 1), datetime(*following, 1)
            year, month = following
    else:
        day = datetime(first.year, first.month, first.day)
        while day.date() <= last.date():
            yield day, day + timedelta(days=1)
            day += timedelta(days=1)


class ChangeListDates:
    """A change list whose queryset, for the date drill, is read through ``DatesFromIndex``."""

    def __init__(self, changelist):
        self._changelist = changelist
        paginator = changelist.paginator
        counted = None if paginator.estimated or paginator.at_least else paginator.count
        self.queryset = DatesFromIndex(
            changelist.queryset, changelist.date_hierarchy, counted=counted
        )

    def __getattr__(self, name):
        return getattr(self._changelist, name)
