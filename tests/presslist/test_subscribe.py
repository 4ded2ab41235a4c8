"""Subscribing: the form, its errors, the robot defences, and one answer whoever is on the list."""

import pytest
from django.core import mail
from django.test import Client

from press.presslist.models import Subscriber
from tests.news.factories import TopicFactory
from tests.presslist.subscribing import SubscriberFactory, form_data, link_in

pytestmark = pytest.mark.django_db

URL = "/presse/abonnement/"


@pytest.fixture
def topics():
    return [
        TopicFactory(name="Culture", slug="culture"),
        TopicFactory(name="Mobilité", slug="mobilite"),
        TopicFactory(name="Travaux", slug="travaux"),
    ]


def test_the_form_asks_for_address_name_outlet_and_topics(client, topics):
    response = client.get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "<h1>Recevoir les communiqués de presse par e-mail</h1>" in page
    for label in ("Adresse e-mail", "Nom et prénom", "Média", "Tous les communiqués"):
        assert label in page
    for topic in topics:
        assert f'value="{topic.pk}"' in page and topic.name in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'class="form-honeypot"' in page


@pytest.mark.parametrize(
    "path", ["/presse/", "/presse/espace-presse/", "/"], ids=["communiqués", "espace", "accueil"]
)
def test_the_press_pages_link_to_it(client, path):
    assert f'href="{URL}"' in client.get(path).content.decode()


def test_a_new_address_waits_for_its_confirmation(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data())

    assert response.status_code == 302
    assert response["Location"] == "/presse/abonnement/e-mail-envoye/"
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.name, subscriber.outlet) == (
        "Lea.Martin@lavenir.example",
        "Léa Martin",
        "L’Avenir Namur",
    )
    assert subscriber.all_topics
    assert not subscriber.is_confirmed
    [message] = mail.outbox
    assert message.to == ["Lea.Martin@lavenir.example"]
    assert message.subject == (
        "Confirmez votre abonnement aux communiqués de presse — Ville de Namur"
    )
    assert link_in(message.body, "confirm")
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert link_in(html, "confirm") == link_in(message.body, "confirm")
    assert "valable 7 jours" in message.body


def test_the_answer_page_says_to_check_the_inbox(client):
    page = client.get("/presse/abonnement/e-mail-envoye/").content.decode()

    assert "Vérifiez vos e-mails" in page
    assert "dans les 7 jours" in page


def test_some_topics_only(client, topics):
    client.post(URL, form_data(scope="themes", topics=[topics[0].pk, topics[2].pk]))

    subscriber = Subscriber.objects.get()
    assert not subscriber.all_topics
    assert set(subscriber.topics.all()) == {topics[0], topics[2]}


def test_topics_are_ignored_when_every_release_is_chosen(client, topics):
    client.post(URL, form_data(scope="tous", topics=[topics[0].pk]))

    subscriber = Subscriber.objects.get()
    assert subscriber.all_topics
    assert not subscriber.topics.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": ""}, "email", "Indiquez votre adresse e-mail."),
        (
            {"email": "lea.martin"},
            "email",
            "Indiquez une adresse e-mail complète, par exemple nom@redaction.be.",
        ),
        ({"name": "  "}, "name", "Indiquez votre nom et votre prénom."),
        ({"outlet": ""}, "outlet", "Indiquez le média pour lequel vous travaillez."),
        (
            {"scope": "themes"},
            "topics",
            "Cochez au moins un thème, ou choisissez « Tous les communiqués ».",
        ),
    ],
    ids=["sans adresse", "adresse incomplète", "sans nom", "sans média", "sans thème"],
)
def test_each_mistake_gets_a_clear_message_and_keeps_the_rest(
    client, topics, changes, field, message
):
    response = client.post(URL, form_data(**changes))

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Erreur :" in page
    assert "Rien n’est encore enregistré : corrigez l’erreur ci-dessous." in page
    assert f'<a href="#id_{field}' in page
    assert message in page
    kept = "Léa  Martin" if field == "outlet" else "L’Avenir Namur"
    assert f'value="{kept}"' in page
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_what_was_typed_is_escaped(client):
    response = client.post(URL, form_data(email="", outlet="<script>alert(1)</script>"))

    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_robot_filling_the_honeypot_is_refused(client):
    response = client.post(URL, form_data(website="https://spam.example"))

    assert response.status_code == 200
    assert "Votre inscription n’a pas pu être envoyée" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_too_many_posts_from_one_address_get_a_429(client, settings):
    settings.PRESS_LIST_RATE_LIMIT = 2
    for number in range(2):
        assert client.post(URL, form_data(email=f"j{number}@redaction.example")).status_code == 302

    response = client.post(URL, form_data(email="j3@redaction.example"))

    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.PRESS_LIST_RATE_PERIOD)
    assert Subscriber.objects.count() == 2


def test_a_post_without_the_csrf_token_is_refused():
    response = Client(enforce_csrf_checks=True).post(URL, form_data())

    assert response.status_code == 403
    assert not Subscriber.objects.exists()


def test_an_unconfirmed_address_gets_a_new_link_and_its_new_details(
    client, topics, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(URL, form_data())
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(
            URL,
            form_data(
                email="lea.martin@lavenir.example",
                outlet="RTBF",
                scope="themes",
                topics=[topics[1].pk],
            ),
        )

    assert first["Location"] == second["Location"]
    subscriber = Subscriber.objects.get()
    assert subscriber.outlet == "RTBF"
    assert list(subscriber.topics.all()) == [topics[1]]
    assert len(mail.outbox) == 2
    assert all("Confirmez votre abonnement" in m.subject for m in mail.outbox)


def test_a_confirmed_address_gets_its_manage_link_and_nothing_changes(
    client, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory(email="lea.martin@lavenir.example", outlet="L’Avenir")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data(outlet="Un autre média"))

    assert response["Location"] == "/presse/abonnement/e-mail-envoye/"
    subscriber.refresh_from_db()
    assert subscriber.outlet == "L’Avenir"
    [message] = mail.outbox
    assert message.subject == "Votre abonnement aux communiqués de presse — Ville de Namur"
    assert "déjà abonnée" in message.body
    assert (
        link_in(message.body, "manage") == f"/presse/abonnement/{subscriber.pk}/{subscriber.token}/"
    )
    assert "confirmer" not in message.body


def test_the_answer_is_the_same_whoever_is_on_the_list(client):
    SubscriberFactory(email="connue@redaction.example")

    known = client.post(URL, form_data(email="connue@redaction.example"), follow=True)
    unknown = client.post(URL, form_data(email="inconnue@redaction.example"), follow=True)

    assert known.redirect_chain == unknown.redirect_chain
    assert known.content == unknown.content


@pytest.mark.parametrize("confirmed", [False, True], ids=["new-address", "confirmed-subscriber"])
def test_one_mailbox_posted_from_many_client_addresses_gets_a_few_e_mails(
    client, settings, confirmed, django_capture_on_commit_callbacks
):
    settings.RECIPIENT_EMAIL_LIMIT = 3
    if confirmed:
        SubscriberFactory(email="lea.martin@lavenir.example")

    answers = []
    for number in range(8):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                URL,
                form_data(
                    email=["Lea.Martin@Lavenir.example", "lea.martin@lavenir.example"][number % 2]
                ),
                REMOTE_ADDR=f"192.0.2.{number + 1}",
            )
        answers.append((response.status_code, response["Location"]))

    # Every poster sees the same answer, whatever happened to the mailbox.
    assert answers == [(302, "/presse/abonnement/e-mail-envoye/")] * 8
    assert len(mail.outbox) == 3
    assert {message.to[0].lower() for message in mail.outbox} == {"lea.martin@lavenir.example"}
    assert Subscriber.objects.count() == 1
