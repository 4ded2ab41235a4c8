"""The months and years that hold live items, read one index probe per period
(``PublishableQuerySet.periods``): the news sidebar, the press list's years, search's years."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Status
from news.models import Article
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def test_months_and_years_match_what_django_counts_in_the_local_time_zone():
    now = timezone.now()
    # Either side of a month's first midnight in Namur (UTC is one or two hours behind), an
    # item in the future, a draft and an expired item: none of the last three counts.
    dates = [
        local(2024, 3, 31, 23, 30),
        local(2024, 4, 1, 0, 30),
        local(2024, 4, 20, 12),
        local(2025, 1, 1, 0, 5),
        now - timedelta(days=3),
    ]
    for moment in dates:
        ArticleFactory(publication_date=moment)
    ArticleFactory(publication_date=now + timedelta(days=3))
    ArticleFactory(publication_date=local(2023, 6, 1, 12), status=Status.DRAFT)
    ArticleFactory(publication_date=local(2022, 6, 1, 12), expiry_date=local(2022, 7, 1))

    live = Article.objects.live()
    months = live.periods("month")

    assert months == list(live.datetimes("publication_date", "month", order="DESC"))
    assert [(m.year, m.month) for m in months[-3:]] == [(2025, 1), (2024, 4), (2024, 3)]
    assert all(timezone.localtime(m).day == 1 and timezone.localtime(m).hour == 0 for m in months)
    assert [y.year for y in live.periods("year")] == sorted(
        {timezone.localtime(d).year for d in dates}, reverse=True
    )


def test_the_cost_follows_the_periods_not_the_items():
    for day in range(30):
        ArticleFactory(publication_date=local(2024, 5, 1 + day % 28, 10))

    with CaptureQueriesContext(connection) as queries:
        months = Article.objects.live().periods("month")

    assert [(m.year, m.month) for m in months] == [(2024, 5)]
    # One probe that finds May, one that finds nothing before it.
    assert len(queries) == 2


def test_an_unknown_period_is_refused():
    with pytest.raises(ValueError):
        Article.objects.live().periods("week")
