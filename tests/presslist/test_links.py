"""The subscriber's own pages: confirming the address, then choosing what to receive."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.french import email_breaks
from press.presslist import links
from press.presslist.models import Subscriber
from tests.news.factories import TopicFactory
from tests.presslist.subscribing import SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting():
    return SubscriberFactory(email="lea@lavenir.example", name="Léa Martin", confirmed_at=None)


def assert_private(response):
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"
    page = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert 'rel="canonical"' not in page


def test_opening_the_link_shows_a_button_and_confirms_nothing(client, waiting):
    response = client.get(links.confirm_url(waiting))

    page = response.content.decode()
    assert response.status_code == 200
    assert "confirmez que l’adresse lea@<wbr>lavenir.<wbr>example recevra les communiqués" in page
    assert "Confirmer mon abonnement</button>" in page
    assert_private(response)
    waiting.refresh_from_db()
    assert not waiting.is_confirmed


def test_the_button_confirms_and_leads_to_the_manage_page(client, waiting):
    response = client.post(links.confirm_url(waiting), follow=True)

    waiting.refresh_from_db()
    assert waiting.is_confirmed
    assert response.redirect_chain == [(links.manage_url(waiting), 302)]
    assert "Votre abonnement est confirmé" in response.content.decode()


def test_a_confirmed_subscriber_opening_the_link_again_lands_on_their_page(client, waiting):
    client.post(links.confirm_url(waiting))
    confirmed_at = Subscriber.objects.get().confirmed_at

    response = client.get(links.confirm_url(waiting))

    assert response.status_code == 302
    assert response["Location"] == links.manage_url(waiting)
    assert Subscriber.objects.get().confirmed_at == confirmed_at


def test_an_expired_link_says_so_and_offers_to_subscribe_again(client, waiting, time_machine):
    url = links.confirm_url(waiting)
    time_machine.move_to(timezone.now() + timedelta(days=7, minutes=1))

    for response in (client.get(url), client.post(url)):
        page = response.content.decode()
        assert response.status_code == 410
        assert "Ce lien de confirmation a expiré" in page
        assert "Un lien de confirmation est valable 7 jours." in page
        assert 'href="/presse/abonnement/"' in page
        assert_private(response)
    waiting.refresh_from_db()
    assert not waiting.is_confirmed


def test_a_link_still_valid_on_its_last_day_works(client, waiting, time_machine):
    url = links.confirm_url(waiting)
    time_machine.move_to(timezone.now() + timedelta(days=6, hours=23))

    client.post(url)

    waiting.refresh_from_db()
    assert waiting.is_confirmed


@pytest.mark.parametrize("change", ["altered", "revoked", "erased"])
def test_a_link_that_is_not_valid_gets_a_clear_page(client, waiting, change):
    url = links.confirm_url(waiting)
    if change == "altered":
        url = url[:-6] + "abcde/"
    elif change == "revoked":
        Subscriber.objects.filter(pk=waiting.pk).update(token="nouveau-jeton")
    else:
        waiting.delete()

    response = client.post(url)

    assert response.status_code == 404
    page = response.content.decode()
    assert "Ce lien n’est pas valable" in page
    assert 'href="/presse/abonnement/"' in page
    assert not Subscriber.objects.filter(confirmed_at__isnull=False).exists()


# The manage page.


@pytest.fixture
def topics():
    return [TopicFactory(name="Culture", slug="culture"), TopicFactory(name="Sport", slug="sport")]


def test_the_manage_page_shows_the_subscription(client, topics):
    subscriber = SubscriberFactory(name="Léa Martin", outlet="L’Avenir", all_topics=False)
    subscriber.topics.set([topics[1]])

    response = client.get(links.manage_url(subscriber))

    page = response.content.decode()
    assert response.status_code == 200
    assert f"Les communiqués sont envoyés à {email_breaks(subscriber.email)}." in page
    assert 'value="Léa Martin"' in page
    assert f'value="{topics[1].pk}" id="id_topics_1" checked' in page
    assert 'value="themes" id="id_scope_1" required checked' in page
    assert_private(response)


def test_the_subscriber_changes_topics_and_outlet(client, topics):
    subscriber = SubscriberFactory(outlet="L’Avenir")
    url = links.manage_url(subscriber)

    response = client.post(
        url,
        {"name": "Léa Martin", "outlet": "RTBF", "scope": "themes", "topics": [topics[0].pk]},
        follow=True,
    )

    assert response.redirect_chain == [(url, 302)]
    assert "Vos choix sont enregistrés." in response.content.decode()
    subscriber.refresh_from_db()
    assert (subscriber.outlet, subscriber.all_topics) == ("RTBF", False)
    assert list(subscriber.topics.all()) == [topics[0]]


def test_back_to_every_release(client, topics):
    subscriber = SubscriberFactory(all_topics=False)
    subscriber.topics.set(topics)

    client.post(
        links.manage_url(subscriber),
        {"name": "Léa Martin", "outlet": "RTBF", "scope": "tous", "topics": [topics[0].pk]},
    )

    subscriber.refresh_from_db()
    assert subscriber.all_topics
    assert not subscriber.topics.exists()


def test_a_mistake_on_the_manage_page_changes_nothing(client, topics):
    subscriber = SubscriberFactory(outlet="L’Avenir")

    response = client.post(
        links.manage_url(subscriber), {"name": "Léa", "outlet": "", "scope": "tous"}
    )

    assert response.status_code == 200
    assert "Indiquez le média pour lequel vous travaillez." in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.outlet == "L’Avenir"


@pytest.mark.parametrize("case", ["wrong token", "unconfirmed", "unknown"])
def test_the_manage_page_needs_the_right_token_of_a_confirmed_subscriber(client, case):
    subscriber = SubscriberFactory(confirmed_at=None if case == "unconfirmed" else timezone.now())
    token = "pas-le-bon" if case == "wrong token" else subscriber.token
    pk = subscriber.pk + 1 if case == "unknown" else subscriber.pk

    response = client.get(f"/presse/abonnement/{pk}/{token}/")

    assert response.status_code == 404
    assert "Ce lien n’est pas valable" in response.content.decode()
    assert subscriber.email not in response.content.decode()


def test_the_manage_page_links_to_unsubscribing(client):
    from django.urls import NoReverseMatch

    subscriber = SubscriberFactory()
    try:
        url = links.unsubscribe_url(subscriber)
    except NoReverseMatch:
        pytest.skip("The unsubscribe page comes with the sending of releases.")

    assert f'href="{url}"' in client.get(links.manage_url(subscriber)).content.decode()
