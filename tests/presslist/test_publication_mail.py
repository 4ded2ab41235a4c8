"""A release is e-mailed to the press list when it becomes public: to whom, what, and when."""

from datetime import timedelta

import pytest

from core.models import Status
from press import services as press_services
from press.presslist.models import Delivery, DeliveryStatus, Dispatch, DispatchKind
from tests.news.factories import library_image
from tests.presslist.sending import (
    NOW,
    full_release,
    message_to,
    recipients,
    run_worker,
    subscriber,
)
from tests.support.smtp import parsed, parts_of, subject_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_publication_reaches_the_subscribers_of_its_topic_only(sending, topics):
    mobility, culture = topics
    subscriber("tout@lesoir.example")
    subscriber("mobilite@rtbf.example", topics=[mobility])
    subscriber("culture@lavenir.example", topics=[culture])
    subscriber("pas.confirme@dh.example", confirmed_at=None)

    release = full_release(mobility)
    assert not sending.messages  # nothing leaves from the editor's save

    run_worker()

    assert recipients(sending) == ["mobilite@rtbf.example", "tout@lesoir.example"]
    dispatch = Dispatch.objects.get(release=release)
    assert dispatch.kind == DispatchKind.RELEASE
    assert set(dispatch.deliveries.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_the_email_carries_the_whole_release_in_both_parts(sending, topics, client):
    journalist = subscriber("lea@lavenir.example")
    release = full_release(topics[0])

    run_worker()

    envelope = message_to(sending, "lea@lavenir.example")
    message = parsed(envelope)
    assert (
        subject_of(envelope) == f"{release.number} — Le nouveau pont sur la Meuse ouvre le 2 avril"
    )
    assert message["From"] == "=?utf-8?q?Ville_de_Namur_=E2=80=93_presse?= <presse@namur.be>"
    assert message["Reply-To"] == "service.presse@ville.namur.be"
    unsubscribe = (
        f"https://www.namur.be/presse/abonnement/{journalist.pk}/{journalist.token}/desinscription/"
    )
    # Folded by the mail library: a long header may start on its next line.
    assert message["List-Unsubscribe"].strip() == f"<{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    parts = {kind: text.replace("\r\n", "\n") for kind, text in parts_of(envelope).items()}
    assert set(parts) == {"text/plain", "text/html"}
    attachment = release.attachments.get()
    for text in parts.values():
        assert f"n° {release.number}" in text
        assert "Namur, le 9 mars 2026" in text
        assert "Le nouveau pont sur la Meuse ouvre le 2 avril" in text
        assert "La passerelle cyclable relie Jambes au centre." in text
        assert "Un pont pour tous les Namurois." in text
        assert "Julien Dumonceau" in text and "échevin de la Mobilité" in text
        assert "Nathalie Lemaire" in text and "Attachée de presse" in text
        assert "+32 81 24 63 15" in text and "nathalie.lemaire@ville.namur.be" in text
        assert f"https://www.namur.be{attachment.file.url}" in text
        assert "https://www.namur.be/presse/nouveau-pont-meuse/" in text
        assert unsubscribe in text
        assert f"https://www.namur.be/presse/abonnement/{journalist.pk}/{journalist.token}/" in text
    assert "Le pont est accessible à tous." in parts["text/plain"]
    assert "• Vélos\n• Piétons" in parts["text/plain"]
    assert "Espace presse (https://www.namur.be/presse/espace-presse/)" in parts["text/plain"]
    assert "<strong>accessible</strong>" in parts["text/html"]
    assert 'href="https://www.namur.be/presse/espace-presse/"' in parts["text/html"]
    # The links lead where they say.
    assert client.get("/presse/nouveau-pont-meuse/").status_code == 200
    assert client.get(attachment.file.url).status_code == 200


def test_what_a_person_typed_is_escaped_and_cannot_add_a_header(sending, topics):
    subscriber("lea@lavenir.example")
    full_release(
        topics[0],
        title="Budget <b>2026</b>\nBcc: espion@pirate.example",
        quote_speaker="Léa <script>alert(1)</script>",
    )

    run_worker()

    [envelope] = sending.messages
    assert envelope.rcpt_tos == ["lea@lavenir.example"]
    message = parsed(envelope)
    assert message["Bcc"] is None
    assert "Budget <b>2026</b> Bcc: espion@pirate.example" in subject_of(envelope)
    html = parts_of(envelope)["text/html"]
    assert "Budget &lt;b&gt;2026&lt;/b&gt;" in html
    assert "Léa &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html


def test_a_scheduled_release_goes_out_at_its_time_not_before(sending, topics, time_machine):
    subscriber("lea@lavenir.example")
    release = full_release(topics[0], publication_date=NOW + timedelta(hours=2))

    run_worker()
    time_machine.move_to(NOW + timedelta(hours=1, minutes=59), tick=False)
    run_worker()

    assert not sending.messages
    assert not Dispatch.objects.exists()

    time_machine.move_to(NOW + timedelta(hours=2), tick=False)
    run_worker()

    assert recipients(sending) == ["lea@lavenir.example"]
    assert Dispatch.objects.get().release == release


def test_a_release_unpublished_before_its_time_is_never_sent(sending, topics, time_machine):
    subscriber("lea@lavenir.example")
    release = full_release(topics[0], publication_date=NOW + timedelta(hours=2))
    release.status = Status.UNPUBLISHED
    press_services.save_release(release=release)

    time_machine.move_to(NOW + timedelta(days=1), tick=False)
    run_worker()

    assert not sending.messages
    assert not Dispatch.objects.exists()


def test_a_release_moved_later_goes_out_once_at_its_new_time(sending, topics, time_machine):
    subscriber("lea@lavenir.example")
    release = full_release(topics[0], publication_date=NOW + timedelta(hours=2))
    release.publication_date = NOW + timedelta(hours=5)
    press_services.save_release(release=release)

    time_machine.move_to(NOW + timedelta(hours=2), tick=False)
    run_worker()
    assert not sending.messages

    time_machine.move_to(NOW + timedelta(hours=5), tick=False)
    run_worker()
    # Moved earlier again after it went: the task of the old time finds it sent already.
    release.publication_date = NOW + timedelta(hours=4)
    press_services.save_release(release=release)
    time_machine.move_to(NOW + timedelta(hours=6), tick=False)
    run_worker()

    assert recipients(sending) == ["lea@lavenir.example"]
    assert Delivery.objects.count() == 1


def test_editing_a_published_release_sends_nothing_again(sending, topics):
    subscriber("lea@lavenir.example")
    release = full_release(topics[0])
    run_worker()

    release.lead = "Un chapô corrigé."
    press_services.save_release(release=release)
    run_worker()

    assert len(sending.messages) == 1


def test_the_email_shows_the_lead_image_and_the_text_images_as_the_page_does(sending, topics):
    subscriber("lea@lavenir.example")
    lead = library_image("pont.jpg", alt="Le pont vu du quai", caption="Le pont", credit="© Ville")
    inline = library_image("plan.jpg", alt="Le plan des travaux", caption="Le plan")
    full_release(
        topics[0],
        image=lead,
        body=f'<p>Voici le plan.</p><figure data-image="{inline.pk}"></figure>',
    )

    run_worker()

    [envelope] = sending.messages
    parts = {kind: text.replace("\r\n", "\n") for kind, text in parts_of(envelope).items()}
    html = parts["text/html"]
    lead_url = f"https://www.namur.be{lead.renditions[1][2]}"
    assert f'src="{lead_url}"' in html and 'alt="Le pont vu du quai"' in html
    assert 'alt="Le plan des travaux"' in html and "https://www.namur.be/media/" in html
    assert "<picture>" not in html  # mail programs show plain <img> elements
    assert "Le pont — " in html and "© Ville" in html
    assert "[Le pont vu du quai] — Le pont — © Ville" in parts["text/plain"]
    assert "Le plan" in parts["text/plain"]
