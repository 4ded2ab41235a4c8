"""The erasure journal: one object per erasure beside the private documents, no personal data."""

import logging
import os
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from core import erasures

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    return tmp_path / "private"


@pytest.fixture
def replays(monkeypatch):
    """Register a replay for users that records the keys it is given."""
    asked = []
    monkeypatch.setattr(erasures, "_replays", {})
    erasures.register(User, lambda key: asked.append(key) or key == "back")
    return asked


def test_an_erasure_is_journaled_once_it_commits_and_once_only(
    private_media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        erasures.record(model=User, key="ACC-7QX4-K2M9")
    assert not private_media.exists()  # nothing before the commit

    for callback in callbacks + callbacks:
        callback()

    entry = private_media / "erasures" / "auth.user" / "ACC-7QX4-K2M9"
    assert entry.is_file()
    assert erasures.entries() == [("auth.user", "ACC-7QX4-K2M9")]


@pytest.mark.parametrize("key", ["../../etc/passwd", "a/b", "", "Léa Martin"])
def test_a_key_is_never_a_path_nor_a_name(key):
    with pytest.raises(ValueError, match="Not a journal key"):
        erasures.record(model=User, key=key)


def test_replay_asks_each_app_and_counts_what_came_back(
    private_media, django_capture_on_commit_callbacks, replays, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        erasures.record(model=User, key="back")
        erasures.record(model=User, key="gone")
    (private_media / "erasures" / "unknown.model").mkdir()
    (private_media / "erasures" / "unknown.model" / "1").write_text("{}")

    with caplog.at_level(logging.WARNING, logger="core.erasures"):
        assert erasures.replay() == 1

    assert sorted(replays) == ["back", "gone"]
    assert "no replay for unknown.model" in caplog.text


def test_entries_older_than_the_backups_kept_are_forgotten(
    private_media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        erasures.record(model=User, key="ancienne")
        erasures.record(model=User, key="recente")
    folder = private_media / "erasures" / "auth.user"
    for name, age in (("ancienne", timedelta(days=40)), ("recente", timedelta(days=2))):
        then = (timezone.now() - age).timestamp()
        os.utime(folder / name, (then, then))

    assert erasures.forget_before(timezone.now() - timedelta(days=30)) == 1

    assert erasures.entries() == [("auth.user", "recente")]


def test_a_store_that_fails_leaves_the_erasure_done_and_says_what_to_add(
    private_media, django_capture_on_commit_callbacks, caplog
):
    private_media.parent.mkdir(exist_ok=True)
    private_media.write_text("pas un dossier")  # every write under it fails

    with (
        caplog.at_level(logging.ERROR, logger="core.erasures"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        erasures.record(model=User, key="ACC-7QX4-K2M9")

    assert "add erasures/auth.user/ACC-7QX4-K2M9 by hand" in caplog.text
