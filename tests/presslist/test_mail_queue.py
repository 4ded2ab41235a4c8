"""Subscription e-mails leave from the task queue, through a real SMTP server, never a request."""

from unittest import mock

import pytest
from django.core import mail
from django.db import OperationalError
from django_tasks_db.models import DBTaskResult

from press.presslist import services
from press.presslist.models import Subscriber
from tests.presslist.subscribing import SubscriberFactory, form_data, link_in
from tests.support.smtp import parts_of, subject_of
from tests.tasks import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_subscribe_receive_the_link_confirm(client, database_queue, smtp_server, settings):
    response = client.post("/presse/abonnement/", form_data())

    # Answered at once: the e-mail waits in the queue for the worker.
    assert response.status_code == 302
    assert not smtp_server.messages
    task = DBTaskResult.objects.get()
    subscriber = Subscriber.objects.get()
    assert task.args_kwargs["kwargs"] == {"subscriber_id": subscriber.pk, "kind": "confirm"}

    run_worker()

    [envelope] = smtp_server.messages
    assert envelope.rcpt_tos == ["Lea.Martin@lavenir.example"]
    assert subject_of(envelope) == (
        "Confirmez votre abonnement aux communiqués de presse — Ville de Namur"
    )
    parts = parts_of(envelope)
    assert set(parts) == {"text/plain", "text/html"}
    assert "Bonjour Léa Martin," in parts["text/plain"]
    link = link_in(parts["text/plain"], "confirm")
    assert f"{settings.SITE_URL}{link}" in parts["text/plain"]
    assert link_in(parts["text/html"], "confirm") == link

    assert client.get(link).status_code == 200
    subscriber.refresh_from_db()
    assert not subscriber.is_confirmed
    client.post(link)
    subscriber.refresh_from_db()
    assert subscriber.is_confirmed
    assert DBTaskResult.objects.get().return_value == "sent"


def test_subscribing_again_once_confirmed_sends_the_manage_link(
    client, database_queue, smtp_server
):
    subscriber = SubscriberFactory(email="lea.martin@lavenir.example")
    client.post("/presse/abonnement/", form_data())

    run_worker()

    [envelope] = smtp_server.messages
    assert subject_of(envelope) == "Votre abonnement aux communiqués de presse — Ville de Namur"
    assert link_in(parts_of(envelope)["text/plain"], "manage") == (
        f"/presse/abonnement/{subscriber.pk}/{subscriber.token}/"
    )


def test_nothing_is_sent_to_an_address_erased_before_the_worker_ran(client, database_queue):
    client.post("/presse/abonnement/", form_data())
    Subscriber.objects.all().delete()

    run_worker()

    assert not mail.outbox
    assert DBTaskResult.objects.get().return_value == "skipped"


def test_a_failed_send_is_tried_again_later_and_logged_without_the_address(database_queue, caplog):
    subscriber = SubscriberFactory(email="lea@lavenir.example", confirmed_at=None)
    failing = mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=ConnectionRefusedError,
    )
    with failing:
        outcome = services.deliver_subscriber_email(subscriber_id=subscriber.pk, kind="confirm")

    assert outcome == "retry"
    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs["kwargs"] == {
        "subscriber_id": subscriber.pk,
        "kind": "confirm",
        "attempt": 2,
    }
    assert f"subscriber {subscriber.pk} not sent, attempt 1 of 3" in caplog.text
    assert "lea@lavenir.example" not in caplog.text


def test_the_last_failed_attempt_gives_up(database_queue, caplog):
    subscriber = SubscriberFactory(confirmed_at=None)
    failing = mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=ConnectionRefusedError,
    )
    with failing:
        outcome = services.deliver_subscriber_email(
            subscriber_id=subscriber.pk, kind="confirm", attempt=3
        )

    assert outcome == "failed"
    assert not DBTaskResult.objects.exists()
    assert "attempt 3 of 3: ConnectionRefusedError; given up" in caplog.text


def test_a_queue_failure_keeps_the_subscriber(client, database_queue, caplog):
    broken = mock.patch(
        "django_tasks_db.backend.DatabaseBackend.enqueue",
        side_effect=OperationalError("could not connect to server"),
    )
    with broken:
        response = client.post("/presse/abonnement/", form_data())

    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert f"subscriber {subscriber.pk} not queued: OperationalError" in caplog.text
    assert "lavenir" not in caplog.text.lower()
