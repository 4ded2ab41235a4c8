"""The real worker (`manage.py db_worker`) outlives a mail server outage, then delivers each e-mail.

The mail server is an aiosmtpd server of the test's own behind a relay that the test cuts:
connections are refused while e-mails wait in the queue. The worker keeps polling, tries again
later (core/mail.py ``send_or_retry``), and the e-mails arrive, once each, when the server is back.
"""

import pytest

from tests.support.relay import Relay
from tests.support.site import smtp_url
from tests.support.smtp import FreePortController, Inbox, subject_of
from tests.support.worker import WorkerProcess, manage, sqlite_site, wait_until

ADDRESSES = ["claire.dumont@example.org", "marc.lejeune@example.org"]
SUBSCRIBE = """
from press.presslist import services
for address in {addresses!r}:
    services.subscribe(data={{
        "email": address, "name": "Journaliste", "outlet": "L’Avenir Namur",
        "all_topics": True, "topics": [],
    }})
"""


@pytest.fixture
def mail_server():
    """An aiosmtpd server, reached through a relay that the test stops and opens again."""
    inbox = Inbox()
    controller = FreePortController(inbox, hostname="127.0.0.1", port=0)
    controller.start()
    relay = Relay(controller.port)
    yield inbox, relay
    relay.stop()
    controller.stop()


def test_the_worker_outlives_a_mail_outage_and_sends_each_email_when_it_is_back(
    tmp_path, mail_server
):
    inbox, relay = mail_server
    env = sqlite_site(
        tmp_path,
        EMAIL_URL=smtp_url(relay.port),
        EMAIL_TIMEOUT="2",
        # Seconds, not minutes, between attempts: 1, 2, 4… (the rule is the production one).
        EMAIL_RETRY_SECONDS="1",
        EMAIL_MAX_ATTEMPTS="10",
        SCHEDULED_JOBS="",
    )
    relay.stop()
    worker = WorkerProcess(env)
    try:
        manage(env, "shell", "-c", SUBSCRIBE.format(addresses=ADDRESSES))
        # Each e-mail refused twice: the worker goes on, and queues each again for later.
        wait_until(
            lambda: worker.logged("not sent, attempt 2 of 10: ConnectionRefusedError") == 2,
            f"retried through the outage: {worker.log}",
        )
        assert worker.running(), worker.log
        assert not inbox.messages

        relay.open()
        wait_until(lambda: len(inbox.messages) == 2, f"sent once the server was back: {worker.log}")
        assert worker.running(), worker.log
    finally:
        worker.stop()

    assert sorted(message.rcpt_tos[0] for message in inbox.messages) == ADDRESSES
    assert {subject_of(message)[:31] for message in inbox.messages} == {
        "Confirmez votre abonnement aux "
    }
    for subscriber in (1, 2):
        assert worker.logged(f"E-mail confirm for press list subscriber {subscriber} sent") == 1
    assert "Traceback" not in worker.log
    # Only the error's type is logged, never the address.
    assert "claire.dumont" not in worker.log
