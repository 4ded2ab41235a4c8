"""Shared parts of pages kept in each process's memory too (core.caching.cache.LocalParts):
asked of the shared cache once per generation, never stale for content or the clock."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from core.caching import cache as parts
from core.caching.cache import LocalParts, cached_for_generation, renew_shared_parts
from tests.news.factories import ArticleFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_reads(monkeypatch):
    """Count what is asked of the shared cache, by key."""
    asked = []
    real_get = cache.get

    def get(key, *args, **kwargs):
        asked.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", get)
    return asked


def test_a_page_asks_the_shared_cache_for_the_generation_not_for_each_part(client, shared_reads):
    ArticleFactory()
    client.get("/actualites/")
    shared_reads.clear()

    response = client.get("/actualites/")

    assert response.status_code == 200
    assert "Actualité numéro" in response.content.decode()
    # The header, navigation, footer, sidebar and the list's count come from this process.
    assert [key for key in shared_reads if ":part:" in key] == []
    assert parts.GENERATION_KEY in shared_reads


def test_a_change_shows_at_once_in_the_parts_this_process_kept(client):
    ArticleFactory(topic=TopicFactory(name="Mobilité"))
    assert "Mobilité" in client.get("/actualites/").content.decode()

    # As another server would: the topic renamed, a new generation in the shared cache.
    TopicFactory._meta.model.objects.filter(name="Mobilité").update(name="Déplacements")
    renew_shared_parts()

    page = client.get("/actualites/").content.decode()
    assert "Déplacements" in page
    assert "Mobilité" not in page


def test_what_a_caller_changes_in_a_part_is_not_what_the_next_one_gets():
    first = cached_for_generation("test-list", lambda: ["2026", "2025"])
    first.append("changé")

    assert cached_for_generation("test-list", lambda: ["autre"]) == ["2026", "2025"]


def test_a_part_ends_at_the_next_scheduled_moment():
    soon = timezone.now() + timedelta(minutes=5)
    ArticleFactory(publication_date=soon)
    computed = []

    def compute():
        computed.append(1)
        return f"calculé {len(computed)}"

    assert cached_for_generation("test-deadline", compute) == "calculé 1"
    # Only this process's copy is left.
    cache.delete(f"namur:part:{parts.generation()}:test-deadline")
    assert cached_for_generation("test-deadline", compute) == "calculé 1"
    with time_machine.travel(soon + timedelta(seconds=2)):
        assert cached_for_generation("test-deadline", compute) == "calculé 2"


def test_the_memory_holds_a_bounded_number_of_parts():
    local = LocalParts(size=3)
    for n in range(10):
        local.set(7, f"part-{n}", f"valeur {n}", seconds=60)

    assert len(local.parts) == 3
    assert local.get(7, "part-9") == "valeur 9"
    assert local.get(7, "part-0") is None
    # Another generation: nothing of the previous one is given.
    assert local.get(8, "part-9") is None
    local.set(8, "part-1", "neuf", seconds=60)
    assert local.get(7, "part-9") is None


def test_a_frozen_clock_still_gives_each_change_its_own_generation():
    with time_machine.travel(timezone.now(), tick=False):
        before = parts.generation()
        renew_shared_parts()
        assert parts.generation() != before
