"""What the press list's sending tests share: the clock, topics, subscribers, a full release."""

from datetime import datetime
from zoneinfo import ZoneInfo

from press.presslist.models import Delivery
from tests.press.factories import PressContactFactory, PressReleaseFactory, pdf_bytes
from tests.presslist.subscribing import SubscriberFactory
from tests.support.smtp import parsed
from tests.tasks import run_worker

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Europe/Brussels"))


def subscriber(email, *, topics=(), **fields):
    person = SubscriberFactory(email=email, all_topics=not topics, **fields)
    person.topics.set(topics)
    return person


def full_release(topic, **fields):
    """A release with everything an e-mail shows: quote, contacts, an attachment."""
    contact = PressContactFactory(
        first_name="Nathalie",
        last_name="Lemaire",
        job_title="Attachée de presse",
        email="nathalie.lemaire@ville.namur.be",
        phone="081 24 63 15",
    )
    values = {
        "title": "Le nouveau pont sur la Meuse ouvre le 2 avril",
        "slug": "nouveau-pont-meuse",
        "lead": "La passerelle cyclable relie Jambes au centre.",
        "body": "<p>Le pont est <strong>accessible</strong> à tous.</p><ul><li>Vélos</li>"
        '<li>Piétons</li></ul><p><a href="/presse/espace-presse/">Espace presse</a></p>',
        "quote_text": "Un pont pour tous les Namurois.",
        "quote_speaker": "Julien Dumonceau",
        "quote_role": "échevin de la Mobilité",
        "topic": topic,
        "contacts": [contact],
        "files": [("Dossier de presse", "dossier.pdf", pdf_bytes())],
        **fields,
    }
    return PressReleaseFactory(**values)


def recipients(inbox) -> list[str]:
    return sorted(address for envelope in inbox.messages for address in envelope.rcpt_tos)


def message_to(inbox, address):
    [envelope] = [e for e in inbox.messages if address in e.rcpt_tos]
    return envelope


def statuses(dispatch) -> dict[str, str]:
    return dict(
        Delivery.objects.filter(dispatch=dispatch).values_list("subscriber__email", "status")
    )


__all__ = ["parsed", "run_worker"]
