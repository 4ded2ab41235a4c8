"""One click in the e-mail, or the mail program's own button (RFC 8058), unsubscribes."""

import pytest
from django.test import Client

from press.presslist import links
from press.presslist.models import Subscriber
from tests.presslist.subscribing import SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def journalist():
    return SubscriberFactory(email="lea@lavenir.example", name="Léa Martin")


def test_the_link_shows_one_button_and_changes_nothing(client, journalist):
    response = client.get(links.unsubscribe_url(journalist))

    page = response.content.decode()
    assert response.status_code == 200
    assert "L’adresse lea@<wbr>lavenir.<wbr>example ne recevra plus aucun communiqué" in page
    assert ">Me désabonner</button>" in page
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert Subscriber.objects.filter(pk=journalist.pk).exists()


def test_the_button_unsubscribes_and_says_so(client, journalist):
    url = links.unsubscribe_url(journalist)
    response = client.post(url)

    assert response.status_code == 200
    assert "Vous êtes désabonné" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert not Subscriber.objects.exists()
    # The link is spent: it says so, in French.
    again = client.get(url)
    assert again.status_code == 404
    assert "Ce lien n’est pas valable" in again.content.decode()


def test_the_mail_programs_one_click_post_needs_no_cookie_nor_token(journalist):
    mail_program = Client(enforce_csrf_checks=True)

    response = mail_program.post(
        links.unsubscribe_url(journalist),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert not Subscriber.objects.exists()
    assert not response.cookies


def test_a_revoked_or_altered_link_unsubscribes_nobody(client, journalist):
    url = links.unsubscribe_url(journalist)
    journalist.token = "nouveau-jeton"
    journalist.save()

    assert client.post(url).status_code == 404
    assert client.post(url.replace(f"/{journalist.pk}/", "/999/")).status_code == 404
    assert Subscriber.objects.filter(pk=journalist.pk).exists()
