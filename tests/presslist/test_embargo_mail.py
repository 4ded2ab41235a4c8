"""Under embargo: trusted journalists get the release at once, marked, with a personal link."""

import re
from datetime import timedelta

import pytest

from press.presslist.models import Delivery, DispatchKind
from tests.presslist.sending import (
    NOW,
    full_release,
    message_to,
    recipients,
    run_worker,
    subscriber,
)
from tests.support.smtp import parts_of, subject_of

pytestmark = pytest.mark.django_db(transaction=True)

EMBARGO = NOW + timedelta(hours=20)


@pytest.fixture
def journalists(topics):
    mobility, culture = topics
    return {
        "trusted": subscriber("lea@lavenir.example", embargo_trusted=True),
        "trusted_elsewhere": subscriber("tom@rtbf.example", embargo_trusted=True, topics=[culture]),
        "public": subscriber("zoe@lesoir.example", topics=[mobility]),
    }


def embargo_link(text: str) -> str:
    return re.search(r"https://www\.namur\.be(/presse/embargo/[^/\s\"]+/)", text).group(1)


def test_trusted_journalists_get_it_at_once_marked_with_a_link_that_works(
    sending, topics, journalists, client
):
    release = full_release(topics[0], publication_date=EMBARGO, embargo_until=EMBARGO)

    run_worker()

    assert recipients(sending) == ["lea@lavenir.example"]
    envelope = message_to(sending, "lea@lavenir.example")
    assert subject_of(envelope) == (
        "SOUS EMBARGO jusqu’au 11 mars à 5\u00a0h\u00a000 — "
        "Le nouveau pont sur la Meuse ouvre le 2 avril"
    )
    parts = parts_of(envelope)
    plain = parts["text/plain"]
    assert plain.startswith("SOUS EMBARGO jusqu’au 11 mars à 5\u00a0h\u00a000")
    html = parts["text/html"]
    assert html.index("SOUS EMBARGO jusqu’au") < html.index("Communiqué de presse")
    link = embargo_link(plain)
    assert embargo_link(html) == link
    # The public address is not in the e-mail: it would only answer 404 until the embargo.
    assert "https://www.namur.be/presse/nouveau-pont-meuse/" not in plain

    page = client.get(link)
    assert page.status_code == 200
    assert "Le nouveau pont sur la Meuse" in page.content.decode()
    assert "SOUS EMBARGO jusqu’au" in page.content.decode()
    assert client.get(release.get_absolute_url()).status_code == 404


def test_everyone_else_gets_it_at_the_embargo_time_and_the_trusted_not_twice(
    sending, topics, journalists, time_machine, client
):
    release = full_release(topics[0], publication_date=EMBARGO, embargo_until=EMBARGO)
    run_worker()
    early_link = embargo_link(parts_of(sending.messages[0])["text/plain"])

    time_machine.move_to(EMBARGO - timedelta(seconds=1), tick=False)
    run_worker()
    assert recipients(sending) == ["lea@lavenir.example"]

    time_machine.move_to(EMBARGO, tick=False)
    run_worker()

    assert recipients(sending) == ["lea@lavenir.example", "zoe@lesoir.example"]
    envelope = message_to(sending, "zoe@lesoir.example")
    assert subject_of(envelope) == f"{release.number} — {release.title}"
    assert "EMBARGO" not in parts_of(envelope)["text/plain"]
    assert dict(Delivery.objects.values_list("subscriber__email", "dispatch__kind")) == {
        "lea@lavenir.example": DispatchKind.EMBARGO,
        "zoe@lesoir.example": DispatchKind.RELEASE,
    }
    # The personal link now leads to the public page.
    response = client.get(early_link)
    assert response.status_code == 302
    assert response["Location"] == release.get_absolute_url()
