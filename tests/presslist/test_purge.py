"""Addresses never confirmed are erased once their confirmation window is over, by a command."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from press.presslist.models import Subscriber
from tests.presslist.subscribing import SubscriberFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("purge_press_list", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def subscribers(settings):
    settings.PRESS_LIST_CONFIRM_DAYS = 7
    now = timezone.now()
    return {
        "stale": SubscriberFactory(confirmed_at=None, created=now - timedelta(days=8, minutes=1)),
        "recent": SubscriberFactory(confirmed_at=None, created=now - timedelta(days=7, hours=23)),
        "confirmed long ago": SubscriberFactory(created=now - timedelta(days=400)),
    }


def test_dry_run_says_what_would_go_and_changes_nothing(subscribers):
    output = run("--dry-run")

    assert "1 abonné(s) non confirmé(s) seraient effacés." in output
    assert "Simulation : rien n’a été modifié." in output
    assert Subscriber.objects.count() == 3


def test_the_purge_erases_only_unconfirmed_addresses_past_the_window(subscribers, caplog):
    caplog.set_level("INFO", logger="press.presslist")

    output = run()

    assert "1 abonné(s) non confirmé(s) effacé(s)." in output
    remaining = set(Subscriber.objects.values_list("pk", flat=True))
    assert remaining == {subscribers["recent"].pk, subscribers["confirmed long ago"].pk}
    assert f"Press list subscriber {subscribers['stale'].pk} erased" in caplog.text
    assert subscribers["stale"].email not in caplog.text
