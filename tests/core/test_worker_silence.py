"""Staff see on the admin index when no task worker sends the e-mails any more."""

from datetime import datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from core.worker import record_poll

pytestmark = pytest.mark.django_db

WARNING = "Aucun worker n’a relevé la file d’attente des e-mails"


def admin_index(client, user) -> str:
    client.force_login(user)
    return unescape(client.get("/admin/").content.decode())


def test_the_admin_index_says_nothing_while_a_worker_polls(client, make_staff):
    record_poll()

    assert WARNING not in admin_index(client, make_staff())


def test_the_admin_index_warns_staff_when_the_worker_went_silent(client, make_staff):
    polled = datetime(timezone.now().year, 3, 4, 9, 5, tzinfo=ZoneInfo("Europe/Brussels"))
    with time_machine.travel(polled, tick=False):
        record_poll()

    with time_machine.travel(polled + timedelta(minutes=3), tick=False):
        html = admin_index(client, make_staff())

    assert (
        f"{WARNING} depuis le 4 mars à 9\xa0h\xa005 : accusés de réception, décisions, badges et "
        "envois à la liste de presse attendent. Vérifiez que le worker (manage.py db_worker) tourne."
    ) in html
    assert 'role="alert"' in html


def test_the_admin_index_warns_when_no_worker_ever_polled(client, make_staff):
    html = admin_index(client, make_staff())

    assert "Aucun worker n’a encore relevé la file d’attente des e-mails : accusés" in html
