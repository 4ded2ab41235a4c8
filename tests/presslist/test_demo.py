"""The press list's demo: confirmed subscribers, one of them trusted with embargoes."""

import io

import pytest
from django.core.management import call_command

from press.models import PressRelease
from press.presslist import demo as presslist_demo
from press.presslist.models import Delivery, Dispatch, DispatchKind, Subscriber
from tests.tasks import run_worker

pytestmark = pytest.mark.django_db


def test_demo_has_a_confirmed_subscriber_and_a_trusted_journalist_and_loads_once():
    assert (
        presslist_demo.load()
        == "2 abonnés confirmés, 1 de confiance pour les embargos (ajouts : 2)"
    )
    first = list(Subscriber.objects.values().order_by("email"))

    assert presslist_demo.load().endswith("(ajouts : 0)")
    assert list(Subscriber.objects.values().order_by("email")) == first
    confirmed = Subscriber.objects.confirmed()
    assert confirmed.count() == 2
    assert confirmed.filter(embargo_trusted=True).count() == 1
    assert confirmed.filter(embargo_trusted=False).count() == 1
    assert len({subscriber.token for subscriber in confirmed}) == 2


def test_the_demo_subscribers_receive_a_release_when_it_is_published(demo):
    release = PressRelease.objects.live().first()

    assert {s.email for s in Subscriber.objects.for_release(release)} == {
        "sophie.lambert@example.org",
        "pierre.lecomte@example.org",
    }


# Committed, as make run's load_demo is: the worker closes its connection between tasks.
@pytest.mark.django_db(transaction=True)
def test_a_first_make_run_sends_the_demo_subscribers_no_old_release(database_queue, mailoutbox):
    call_command("load_demo", stdout=io.StringIO())

    run_worker()

    assert Delivery.objects.count() == 0
    assert mailoutbox == []
    assert Dispatch.objects.filter(kind=DispatchKind.RELEASE).count() == (
        PressRelease.objects.live().count()
    )
