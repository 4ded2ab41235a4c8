"""E-mails leave from the task queue, never from a request: real SMTP servers and the real worker.

The rest of the suite runs tasks at once (settings_test.py); here the database backend queues
them as in production and the worker of django-tasks-db runs them. One SMTP server of the test's
own accepts connections and never answers; another (aiosmtpd) takes the messages.
"""

import socket
import threading
from datetime import timedelta
from html import unescape
from unittest import mock

import pytest
from django.core import mail
from django.db import OperationalError
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from accreditations import links, personal_data, services
from accreditations.models import AccreditationRequest, MailState, RequestStatus
from core.mail import retry_delay
from tests.accreditations.conftest import form_data
from tests.accreditations.factories import NOW, AccreditationRequestFactory, EventFactory
from tests.support.smtp import parts_of, subject_of, use_smtp_server
from tests.tasks import run_worker


class SilentSMTPServer:
    """Accepts connections on a free 127.0.0.1 port and never says a word."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.stopping = False
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self):
        while True:
            connection, _address = self.listener.accept()
            if self.stopping:
                connection.close()
                return
            self.connections.append(connection)  # held open, never answered

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopping = True
        # The thread is waiting in accept(): one last connection wakes it up.
        socket.create_connection(("127.0.0.1", self.port)).close()
        self.thread.join()
        self.listener.close()
        for connection in self.connections:
            connection.close()


@pytest.fixture
def silent_server(settings):
    with SilentSMTPServer() as server:
        use_smtp_server(settings, port=server.port, timeout=0.5)
        yield server


def submit(client, event):
    return client.post(event.get_form_url(), form_data(event))


@pytest.mark.django_db(transaction=True)
def test_post_answers_at_once_while_the_mail_server_never_answers(
    client, event, database_queue, silent_server, settings, time_machine, caplog
):
    response = submit(client, event)

    # The request was answered, saved and its e-mail queued, without a word from the server:
    # nothing in the request even connected to it.
    accreditation = AccreditationRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == accreditation.get_absolute_url()
    assert accreditation.mail_state == MailState.QUEUED
    assert not silent_server.connections
    task = DBTaskResult.objects.get()
    assert task.status == TaskResultStatus.READY
    assert task.args_kwargs["kwargs"] == {"accreditation_id": accreditation.pk, "sequence": 0}

    # The worker connects, times out after EMAIL_TIMEOUT and queues a second attempt a minute on.
    run_worker()

    assert len(silent_server.connections) == 1
    accreditation.refresh_from_db()
    assert accreditation.mail_state == MailState.QUEUED
    assert accreditation.mail_attempts == 1
    # smtplib reports the silence as a lost connection, caused by the time-out.
    assert accreditation.mail_error == "SMTPServerDisconnected: TimeoutError"
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.return_value == "retry"
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.run_after == NOW + timedelta(seconds=60)
    assert (
        "attempt 1 of 3: SMTPServerDisconnected: TimeoutError; next attempt in 60 s" in caplog.text
    )

    # Not due yet: the worker leaves it.
    run_worker()
    assert len(silent_server.connections) == 1

    # Due: second attempt, then the third and last one two minutes later.
    time_machine.move_to(NOW + timedelta(seconds=60), tick=False)
    run_worker()
    assert len(silent_server.connections) == 2
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.run_after == NOW + timedelta(seconds=60 + 120)
    time_machine.move_to(retry.run_after, tick=False)
    run_worker()

    assert len(silent_server.connections) == 3
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
    accreditation.refresh_from_db()
    assert accreditation.mail_state == MailState.FAILED
    assert accreditation.mail_attempts == 3
    assert accreditation.mail_error == "SMTPServerDisconnected: TimeoutError"
    assert (accreditation.status, accreditation.first_name) == (RequestStatus.PENDING, "Claire")
    assert "attempt 3 of 3: SMTPServerDisconnected: TimeoutError; marked failed" in caplog.text
    assert "claire.dumont@example.org" not in caplog.text


@pytest.mark.django_db(transaction=True)
def test_worker_delivers_through_a_real_smtp_server(client, event, database_queue, smtp_server):
    submit(client, event)
    accreditation = AccreditationRequest.objects.get()
    assert not smtp_server.messages

    run_worker()

    [envelope] = smtp_server.messages
    assert envelope.rcpt_tos == ["claire.dumont@example.org"]
    assert subject_of(envelope) == (
        f"Demande d’accréditation reçue — Visite officielle à la Citadelle "
        f"({accreditation.reference})"
    )
    accreditation.refresh_from_db()
    assert accreditation.mail_state == MailState.SENT
    assert (accreditation.mail_attempts, accreditation.mail_error) == (1, "")
    assert DBTaskResult.objects.get().return_value == "sent"


@pytest.mark.django_db(transaction=True)
def test_staff_resend_after_failure_reaches_the_server(
    client, event, database_queue, smtp_server, make_staff
):
    accreditation = AccreditationRequestFactory(
        event=event, mail_state=MailState.FAILED, mail_attempts=3, mail_error="TimeoutError"
    )
    client.force_login(
        make_staff("presse", "view_accreditationrequest", "review_accreditationrequest")
    )

    response = client.post(
        "/admin/accreditations/accreditationrequest/",
        {"action": "resend_email", "_selected_action": [accreditation.pk]},
        follow=True,
    )

    assert "1 e-mail remis en file d’envoi" in response.content.decode()
    accreditation.refresh_from_db()
    assert (accreditation.mail_state, accreditation.mail_attempts) == (MailState.QUEUED, 0)
    assert not smtp_server.messages
    run_worker()
    assert len(smtp_server.messages) == 1
    accreditation.refresh_from_db()
    assert accreditation.mail_state == MailState.SENT


@pytest.mark.django_db(transaction=True)
def test_a_newer_email_replaces_the_one_still_queued(client, event, database_queue):
    """Approved before the worker ran: the journalist gets one e-mail, the approval."""
    submit(client, event)
    accreditation = AccreditationRequest.objects.get()
    services.decide(requests=[accreditation], status=RequestStatus.APPROVED)
    assert DBTaskResult.objects.count() == 2

    run_worker()

    [message] = mail.outbox
    assert message.subject.startswith("Accréditation acceptée")
    assert sorted(DBTaskResult.objects.values_list("return_value", flat=True)) == [
        "sent",
        "skipped",
    ]
    accreditation.refresh_from_db()
    assert (accreditation.mail_state, accreditation.mail_sequence) == (MailState.SENT, 1)


@pytest.mark.django_db(transaction=True)
def test_an_anonymised_request_gets_no_email(client, event, database_queue):
    submit(client, event)
    personal_data.anonymise(accreditation=AccreditationRequest.objects.get())

    run_worker()

    assert not mail.outbox
    assert DBTaskResult.objects.get().return_value == "skipped"


def test_queue_failure_keeps_the_request_and_marks_it(
    client, event, database_queue, django_capture_on_commit_callbacks, caplog
):
    broken = mock.patch(
        "django_tasks_db.backend.DatabaseBackend.enqueue",
        side_effect=OperationalError("could not connect to server"),
    )
    with broken, django_capture_on_commit_callbacks(execute=True):
        response = submit(client, event)

    accreditation = AccreditationRequest.objects.get()
    assert response.status_code == 302
    assert accreditation.first_name == "Claire"
    assert accreditation.mail_state == MailState.FAILED
    assert accreditation.mail_error == "OperationalError"
    assert f"{accreditation.reference} not queued: OperationalError" in caplog.text


def test_failure_with_the_immediate_backend_is_marked_at_once(event, settings):
    """The backend of the tests cannot defer a task: no retry, the request is marked failed."""
    accreditation = AccreditationRequestFactory(event=event)
    failing = mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=ConnectionRefusedError,
    )
    with failing:
        outcome = services.deliver_status_email(accreditation_id=accreditation.pk, sequence=0)

    assert outcome == "failed"
    accreditation.refresh_from_db()
    assert accreditation.mail_state == MailState.FAILED
    assert (accreditation.mail_attempts, accreditation.mail_error) == (1, "ConnectionRefusedError")


def test_retry_delays_double_up_to_an_hour(settings):
    settings.EMAIL_RETRY_SECONDS = 60
    delays = [retry_delay(attempt).total_seconds() for attempt in range(1, 9)]
    assert delays == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_staff_see_each_mail_state_with_its_attempts(client, event, make_staff):
    rows = {
        "queued": AccreditationRequestFactory(event=event),
        "retrying": AccreditationRequestFactory(
            event=event, mail_attempts=2, mail_error="SMTPServerDisconnected: TimeoutError"
        ),
        "sent": AccreditationRequestFactory(event=event, mail_state=MailState.SENT),
        "failed": AccreditationRequestFactory(
            event=event, mail_state=MailState.FAILED, mail_attempts=5, mail_error="TimeoutError"
        ),
        "not queued": AccreditationRequestFactory(
            event=event, mail_state=MailState.FAILED, mail_error="OperationalError"
        ),
    }
    client.force_login(make_staff("presse", "view_accreditationrequest"))

    html = unescape(client.get("/admin/accreditations/accreditationrequest/").content.decode())
    failed = client.get("/admin/accreditations/accreditationrequest/?mail_state__exact=failed")

    assert '<td class="field-mail_column">À envoyer</td>' in html
    assert (
        "À envoyer : 2 essais échoués (SMTPServerDisconnected: TimeoutError), nouvel essai prévu"
    ) in html
    assert '<td class="field-mail_column">Envoyé</td>' in html
    assert "Échec de l’envoi après 5 essais (TimeoutError)" in html
    assert "Échec de l’envoi : pas mis en file d’envoi (OperationalError)" in html
    assert {row.pk for row in failed.context["cl"].result_list} == {
        rows["failed"].pk,
        rows["not queued"].pk,
    }


@pytest.mark.django_db(transaction=True)
def test_a_cancellation_reaches_both_people_through_the_worker(
    client, now, database_queue, smtp_server
):
    """The journalist who cancels is told so; the first waiting gets the place and is told too."""
    event = EventFactory(capacity=1, title="Conférence au Delta")
    leaving = AccreditationRequestFactory(event=event, status=RequestStatus.APPROVED)
    first = AccreditationRequestFactory(event=event, status=RequestStatus.WAITLISTED)
    AccreditationRequestFactory(event=event, status=RequestStatus.WAITLISTED)

    client.post(links.cancel_path(leaving))
    assert not smtp_server.messages

    run_worker()

    received = {envelope.rcpt_tos[0]: envelope for envelope in smtp_server.messages}
    assert set(received) == {leaving.email, first.email}
    assert subject_of(received[leaving.email]) == (
        f"Demande d’accréditation annulée — Conférence au Delta ({leaving.reference})"
    )
    assert subject_of(received[first.email]) == (
        f"Accréditation acceptée — Conférence au Delta ({first.reference})"
    )
    text = parts_of(received[first.email])["text/plain"]
    assert "Votre accréditation pour « Conférence au Delta » est acceptée." in text
    # The new holder of the place gets their own link, to give it back in turn.
    assert links.cancel_url(first) in text
    assert AccreditationRequest.objects.get(pk=first.pk).mail_state == MailState.SENT


@pytest.mark.django_db(transaction=True)
def test_a_decision_on_the_request_page_reaches_the_server(
    client, event, database_queue, smtp_server, make_staff
):
    accreditation = AccreditationRequestFactory(event=event)
    client.force_login(
        make_staff("presse", "view_accreditationrequest", "review_accreditationrequest")
    )

    client.post(
        f"/admin/accreditations/accreditationrequest/{accreditation.pk}/decision/",
        {"decision": "reject", "reason": "Tribune complète pour la télévision."},
    )
    run_worker()

    [envelope] = smtp_server.messages
    assert subject_of(envelope).startswith("Accréditation refusée")
    assert "Motif : Tribune complète pour la télévision." in parts_of(envelope)["text/plain"]
