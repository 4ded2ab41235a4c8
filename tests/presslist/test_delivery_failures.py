"""Refused or interrupted e-mails: retried, recorded with their reason, resent by staff."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission

from press.models import CorrectionNote
from press.presslist import dispatch as dispatching
from press.presslist import sending as sending_module
from press.presslist.models import Delivery, DeliveryStatus, Dispatch, DispatchKind
from tests.presslist.sending import NOW, full_release, recipients, run_worker, statuses, subscriber
from tests.support.smtp import parts_of, subject_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def press_officer(django_user_model, client):
    user = django_user_model.objects.create_user("presse", password="secret", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=["view_pressrelease", "change_pressrelease", "publish_pressrelease"]
        )
    )
    client.force_login(user)
    return user


def change_url(release) -> str:
    return f"/admin/press/pressrelease/{release.pk}/change/"


def test_a_refused_address_is_retried_then_marked_failed_with_the_reason(
    sending, topics, time_machine, caplog
):
    subscriber("lea@lavenir.example")
    subscriber("ancienne@lesoir.example")
    sending.refused = {"ancienne@lesoir.example"}
    release = full_release(topics[0])

    run_worker()

    assert recipients(sending) == ["lea@lavenir.example"]
    refused = Delivery.objects.get(subscriber__email="ancienne@lesoir.example")
    assert (refused.status, refused.attempts) == (DeliveryStatus.QUEUED, 1)
    assert refused.error == "SMTPRecipientsRefused (550)"
    assert refused.next_attempt_at == NOW + timedelta(seconds=60)

    time_machine.move_to(NOW + timedelta(seconds=60), tick=False)
    run_worker()
    time_machine.move_to(NOW + timedelta(seconds=60 + 120), tick=False)
    run_worker()

    refused.refresh_from_db()
    assert (refused.status, refused.attempts) == (DeliveryStatus.FAILED, 3)
    assert refused.error == "SMTPRecipientsRefused (550)"
    assert statuses(Dispatch.objects.get(release=release)) == {
        "lea@lavenir.example": DeliveryStatus.SENT,
        "ancienne@lesoir.example": DeliveryStatus.FAILED,
    }
    assert f"delivery {refused.pk} not sent, attempt 3 of 3" in caplog.text
    assert "ancienne@lesoir.example" not in caplog.text


def test_the_admin_shows_the_counts_and_resends_to_failures(
    sending, topics, settings, client, press_officer
):
    settings.EMAIL_MAX_ATTEMPTS = 1
    subscriber("lea@lavenir.example")
    subscriber("ancienne@lesoir.example")
    sending.refused = {"ancienne@lesoir.example"}
    release = full_release(topics[0])
    run_worker()

    page = client.get(change_url(release)).content.decode()
    assert "Envois à la liste de presse" in page
    assert "0 en attente, 0 en cours, 1 envoyé(s), 1 échec(s)" in page
    dispatch = Dispatch.objects.get()
    resend_url = f"/admin/press/pressrelease/{release.pk}/liste-de-presse/renvoyer/{dispatch.pk}/"
    assert resend_url in page

    confirm = client.get(resend_url)
    assert "a échoué pour 1 abonné" in confirm.content.decode()
    assert Delivery.objects.filter(status=DeliveryStatus.FAILED).count() == 1

    sending.refused = set()
    response = client.post(resend_url, follow=True)

    assert "1 e-mail remis en file d’envoi." in response.content.decode()
    run_worker()
    assert recipients(sending) == ["ancienne@lesoir.example", "lea@lavenir.example"]
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_resending_needs_the_right_to_publish(sending, topics, client, django_user_model):
    subscriber("lea@lavenir.example")
    release = full_release(topics[0])
    run_worker()
    writer = django_user_model.objects.create_user("redacteur", password="x", is_staff=True)
    writer.user_permissions.set(Permission.objects.filter(codename="change_pressrelease"))
    client.force_login(writer)
    dispatch = Dispatch.objects.get()

    url = f"/admin/press/pressrelease/{release.pk}/liste-de-presse/renvoyer/{dispatch.pk}/"
    assert client.post(url).status_code == 403


def test_staff_send_a_correction_as_an_update(sending, topics, client, press_officer):
    subscriber("lea@lavenir.example")
    release = full_release(topics[0])
    run_worker()
    note = CorrectionNote.objects.create(
        release=release, date=NOW.date(), text="L’ouverture est avancée au 1er avril."
    )

    page = client.get(change_url(release)).content.decode()
    update_url = f"/admin/press/pressrelease/{release.pk}/liste-de-presse/mise-a-jour/"
    assert update_url in page
    assert "L’ouverture est avancée au 1er avril." in client.get(update_url).content.decode()
    response = client.post(update_url, {"correction": note.pk}, follow=True)
    assert "La mise à jour est en file d’envoi" in response.content.decode()
    run_worker()

    assert len(sending.messages) == 2
    update = sending.messages[1]
    assert subject_of(update) == f"Mis à jour le 10 mars 2026 — {release.title}"
    assert parts_of(update)["text/plain"].startswith(
        "Mis à jour le 10 mars 2026 : L’ouverture est avancée au 1er avril."
    )
    assert Dispatch.objects.get(kind=DispatchKind.UPDATE).correction == note
    # Sent once: the same note cannot go twice.
    client.post(update_url, {"correction": note.pk})
    run_worker()
    assert len(sending.messages) == 2
    assert update_url not in client.get(change_url(release)).content.decode()


def test_an_email_a_killed_worker_left_is_marked_to_check_never_resent(
    sending, topics, settings, time_machine
):
    settings.PRESS_LIST_SENDING_TIMEOUT = 900
    subscriber("lea@lavenir.example")
    subscriber("tom@rtbf.example")
    release = full_release(topics[0], publication_date=NOW + timedelta(hours=1))
    time_machine.move_to(NOW + timedelta(hours=1), tick=False)
    dispatch = dispatching.start_dispatch(release_id=release.pk, kind=DispatchKind.RELEASE)
    # A worker claims Léa's e-mail and is killed before the server answers.
    taken = sending_module.claim_next(dispatch.pk)
    sending_module.schedule_sending(dispatch.pk)

    run_worker()
    assert recipients(sending) == [
        email
        for email in ["lea@lavenir.example", "tom@rtbf.example"]
        if email != taken.subscriber.email
    ]
    taken.refresh_from_db()
    assert taken.status == DeliveryStatus.SENDING

    time_machine.move_to(NOW + timedelta(hours=1, seconds=901), tick=False)
    run_worker()

    taken.refresh_from_db()
    assert (taken.status, taken.error) == (DeliveryStatus.FAILED, "Envoi interrompu, à vérifier")
    assert len(sending.messages) == 1


def test_batches_use_one_connection_each_and_keep_the_pace(sending, topics, settings, time_machine):
    settings.PRESS_LIST_BATCH_SIZE = 2
    settings.PRESS_LIST_MESSAGES_PER_SECOND = 1000
    for number in range(5):
        subscriber(f"journaliste{number}@redaction.example")
    full_release(topics[0])

    run_worker()
    # The clock stands still: the first batch only was due.
    assert len(sending.messages) == 2

    time_machine.move_to(NOW + timedelta(seconds=1), tick=False)
    run_worker()

    assert len(sending.messages) == 5
    assert len(set(sending.connections)) == 3
