"""E-mails to journalists: French, text and HTML, after the commit; a failure loses nothing."""

import smtplib
from unittest import mock

import pytest
from django.core import mail

from accreditations import services
from accreditations.models import AccreditationRequest, MailState, RequestStatus
from tests.accreditations.conftest import form_data
from tests.accreditations.factories import AccreditationRequestFactory

pytestmark = pytest.mark.django_db

FAILING_SERVER = mock.patch(
    "django.core.mail.backends.locmem.EmailBackend.send_messages",
    side_effect=smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
)


def submit(client, event, **overrides):
    return client.post(event.get_form_url(), form_data(event, **overrides))


def test_confirmation_email_is_french_text_and_html(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, event)

    accreditation = AccreditationRequest.objects.get()
    message = mail.outbox[0]
    assert message.subject == (
        f"Demande d’accréditation reçue — Visite officielle à la Citadelle "
        f"({accreditation.reference})"
    )
    assert "Bonjour Claire," in message.body
    assert f"Votre référence : {accreditation.reference}" in message.body
    assert "Visite officielle à la Citadelle" in message.body
    assert "samedi 28 novembre 2026, 10:00" in message.body
    assert "http://127.0.0.1:8000/accreditations/evenements/visite-citadelle/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="fr-BE">' in html
    assert accreditation.reference in html
    assert message.reply_to == ["communication@ville.namur.be"]


def test_no_email_leaves_before_the_commit(client, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(client, event)

    assert AccreditationRequest.objects.get().mail_state == MailState.QUEUED
    assert not mail.outbox
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_failing_mail_server_keeps_the_request_and_marks_it(
    client, event, django_capture_on_commit_callbacks, caplog
):
    with FAILING_SERVER, django_capture_on_commit_callbacks(execute=True):
        response = submit(client, event)

    accreditation = AccreditationRequest.objects.get()
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert accreditation.mail_state == MailState.FAILED
    assert accreditation.first_name == "Claire"
    assert "SMTPServerDisconnected" in caplog.text
    assert accreditation.reference in caplog.text
    assert "claire.dumont@example.org" not in caplog.text
    assert "Claire" not in caplog.text


def test_staff_resend_from_the_admin(client, event, make_staff, django_capture_on_commit_callbacks):
    accreditation = AccreditationRequestFactory(event=event, mail_state=MailState.FAILED)
    client.force_login(
        make_staff("presse", "view_accreditationrequest", "review_accreditationrequest")
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/accreditations/accreditationrequest/",
            {"action": "resend_email", "_selected_action": [accreditation.pk]},
            follow=True,
        )

    assert "1 e-mail remis en file d’envoi" in response.content.decode()
    accreditation.refresh_from_db()
    assert accreditation.mail_state == MailState.SENT
    assert len(mail.outbox) == 1
    assert "reçue" in mail.outbox[0].subject


@pytest.mark.parametrize(
    ("status", "reason", "subject", "sentence"),
    [
        (RequestStatus.APPROVED, "", "Accréditation acceptée", "est acceptée."),
        (
            RequestStatus.REJECTED,
            "Tribune complète.",
            "Accréditation refusée",
            "Motif : Tribune complète.",
        ),
        (RequestStatus.WAITLISTED, "", "Accréditation en liste d’attente", "liste d’attente"),
    ],
)
def test_decision_emails(
    event, status, reason, subject, sentence, django_capture_on_commit_callbacks
):
    accreditation = AccreditationRequestFactory(event=event)

    with django_capture_on_commit_callbacks(execute=True):
        services.decide(requests=[accreditation], status=status, reason=reason)

    message = mail.outbox[0]
    assert message.subject.startswith(subject)
    assert accreditation.reference in message.subject
    assert sentence in message.body
    assert sentence in message.alternatives[0][0]
    accreditation.refresh_from_db()
    assert accreditation.mail_state == MailState.SENT


def test_decision_mail_failure_is_marked(event, django_capture_on_commit_callbacks):
    accreditation = AccreditationRequestFactory(event=event)

    with FAILING_SERVER, django_capture_on_commit_callbacks(execute=True):
        services.decide(requests=[accreditation], status=RequestStatus.APPROVED)

    accreditation.refresh_from_db()
    assert accreditation.status == RequestStatus.APPROVED
    assert accreditation.mail_state == MailState.FAILED
