"""Fixtures of the press list's sending tests."""

import pytest

from tests.news.factories import TopicFactory
from tests.presslist.sending import NOW


@pytest.fixture
def sending(settings, time_machine, database_queue, smtp_server):
    """The real queue and worker, an SMTP server of the test's own, the clock at NOW."""
    time_machine.move_to(NOW, tick=False)
    settings.SITE_URL = "https://www.namur.be"
    settings.PRESS_LIST_FROM_EMAIL = "Ville de Namur – presse <presse@namur.be>"
    settings.PRESS_LIST_REPLY_TO = "service.presse@ville.namur.be"
    settings.PRESS_LIST_BATCH_SIZE = 100
    settings.PRESS_LIST_MESSAGES_PER_SECOND = 0
    return smtp_server


@pytest.fixture
def topics():
    return TopicFactory(name="Mobilité", slug="mobilite"), TopicFactory(
        name="Culture", slug="culture"
    )
