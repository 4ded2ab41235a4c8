"""The personal link to an embargoed release: its owner only, until the embargo, revocable."""

from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from press.presslist import embargo
from press.presslist.models import Subscriber
from tests.press.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def release():
    moment = timezone.now() + timedelta(hours=20)
    return PressReleaseFactory(
        title="Le nouveau pont sur la Meuse", publication_date=moment, embargo_until=moment
    )


@pytest.fixture
def journalist():
    return Subscriber.objects.create(
        email="lea@lavenir.example",
        name="Léa Martin",
        outlet="L’Avenir",
        embargo_trusted=True,
        confirmed_at=timezone.now(),
    )


def test_the_owner_reads_the_release_marked_as_embargoed(client, release, journalist):
    response = client.get(embargo.personal_url(release, journalist))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Le nouveau pont sur la Meuse" in page
    assert "SOUS EMBARGO jusqu’au" in page
    assert "Lien personnel de Léa Martin" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "xkey" not in response


def test_the_public_page_stays_hidden_meanwhile(client, release, journalist):
    client.get(embargo.personal_url(release, journalist))

    assert client.get(release.get_absolute_url()).status_code == 404


def test_an_altered_link_is_refused(client, release, journalist):
    url = embargo.personal_url(release, journalist)
    signed = url.rstrip("/").rsplit("/", 1)[1]
    other = Subscriber.objects.create(
        email="tom@rtbf.example", name="Tom", outlet="RTBF", confirmed_at=timezone.now()
    )
    forged = signing.dumps({"r": release.pk, "s": other.pk, "d": "0" * 16}, salt="autre")

    assert client.get(url.replace(signed, signed[:-2] + "xx")).status_code == 404
    assert client.get(url.replace(signed, forged)).status_code == 404


def test_a_link_only_opens_for_a_trusted_subscriber_still_trusted(client, release, journalist):
    url = embargo.personal_url(release, journalist)
    journalist.embargo_trusted = False
    journalist.save()

    assert client.get(url).status_code == 404


def test_a_new_token_revokes_every_link_sent(client, release, journalist):
    url = embargo.personal_url(release, journalist)
    journalist.token = "nouveau-jeton"
    journalist.save()

    assert client.get(url).status_code == 404


def test_after_the_embargo_the_link_leads_to_the_public_page(client, release, journalist):
    url = embargo.personal_url(release, journalist)
    past = timezone.now() - timedelta(minutes=1)
    type(release).objects.filter(pk=release.pk).update(publication_date=past, embargo_until=past)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == release.get_absolute_url()
    page = client.get(release.get_absolute_url()).content.decode()
    assert "Le nouveau pont sur la Meuse" in page
    assert "EMBARGO" not in page
