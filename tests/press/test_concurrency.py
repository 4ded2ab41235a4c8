"""Editors publishing at the same moment, each on their own database connection (PostgreSQL)."""

import pytest
from django.db import connection

from core.models import Status
from press import services
from press.models import PressRelease, ReleaseNumberCounter
from tests.accreditations.test_concurrency import run_together
from tests.press.factories import PressReleaseFactory, brussels

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL: SQLite serialises every write anyway",
    ),
]


def publish(pk):
    release = PressRelease.objects.get(pk=pk)
    release.status = Status.PUBLISHED
    return services.save_release(release=release).number


def test_releases_published_together_get_distinct_numbers_in_a_new_year():
    # No counter row for 2027 yet: the first publications of the year race to create it.
    drafts = [
        PressReleaseFactory(status=Status.DRAFT, publication_date=brussels(2027, 1, 4, 9))
        for _ in range(8)
    ]

    numbers, errors = run_together([lambda pk=draft.pk: publish(pk) for draft in drafts])

    assert errors == []
    assert sorted(numbers) == [f"CP-2027-{n:03d}" for n in range(1, 9)]
    assert ReleaseNumberCounter.objects.get(year=2027).last == 8


def test_one_release_published_twice_at_once_keeps_one_number():
    draft = PressReleaseFactory(status=Status.DRAFT, publication_date=brussels(2027, 1, 4, 9))

    numbers, errors = run_together([lambda: publish(draft.pk) for _ in range(4)])

    assert errors == []
    assert len(set(numbers)) == 1
    assert PressRelease.objects.get().number == numbers[0]
    assert ReleaseNumberCounter.objects.get(year=2027).last == 1
