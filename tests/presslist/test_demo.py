"""The press list's demo: confirmed subscribers, one of them trusted with embargoes."""

import pytest

from press.models import PressRelease
from presslist import demo as presslist_demo
from presslist.models import Subscriber

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
