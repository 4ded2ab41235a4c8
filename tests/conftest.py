import contextlib
import io
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from tests import clock
from tests.support.site import smtp_url, start_site
from tests.support.smtp import FreePortController, Inbox, use_smtp_server
from tests.tasks import DATABASE_QUEUE

CLOCK_SHIFT = pytest.StashKey()


def pytest_addoption(parser):
    parser.addoption(
        "--clock-shift",
        type=float,
        default=None,
        metavar="DAYS",
        help=f"run the session on a clock moved DAYS days ahead (or {clock.ENVIRONMENT_VARIABLE})",
    )


def pytest_configure(config):
    """Move the session's clock ahead when asked (tests/clock.py); xdist workers inherit it."""
    days = config.getoption("clock_shift")
    if days is not None:
        os.environ[clock.ENVIRONMENT_VARIABLE] = str(days)
    config.stash[CLOCK_SHIFT] = clock.start_shift(clock.shift_days())


def pytest_unconfigure(config):
    travel = config.stash.get(CLOCK_SHIFT, None)
    if travel is not None:
        travel.stop()


def pytest_report_header(config):
    if days := clock.shift_days():
        return f"horloge avancée de {days:g} jours : {timezone.localtime():%Y-%m-%d %H:%M %Z}"


@pytest.fixture(autouse=True)
def clock_left_as_found():
    """Fail a test that leaves the clock moved: the tests after it would run on its date."""
    travels = len(time_machine.traveller_stack)
    yield
    assert len(time_machine.traveller_stack) == travels, "le test laisse l’horloge déplacée"


@pytest.fixture(autouse=True)
def empty_cache():
    """Start every test with an empty cache: rolled-back rows must not live on in it."""
    cache.clear()


@pytest.fixture
def demo(db):
    """Load the demo content, as ``make run`` does."""
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def make_staff(django_user_model):
    """Return a factory of staff users holding the given permissions."""

    def make(username="redacteur", *codenames):
        user = django_user_model.objects.create_user(username, password="secret", is_staff=True)
        user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
        return user

    return make


class PurgeRecorder(ThreadingHTTPServer):
    """Stands where Varnish listens and records the keys each PURGE names: ``purges`` all of
    them, soft and hard, ``hard`` those to drop rather than mark stale."""

    def __init__(self):
        self.purges: list[set[str]] = []
        self.hard: list[set[str]] = []
        self.status = 200
        # Set when a purge arrives; while ``gate`` is cleared, purges wait before being answered.
        self.arrived = threading.Event()
        self.gate = threading.Event()
        self.gate.set()
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):
                recorder.arrived.set()
                recorder.gate.wait(timeout=30)
                hard = set((self.headers["xkey-purge"] or "").split())
                soft = set((self.headers["xkey-softpurge"] or "").split())
                recorder.hard.append(hard)
                recorder.purges.append(soft | hard)
                self.send_response(recorder.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"

    @contextlib.contextmanager
    def held(self):
        """Hold the purges that arrive until the block ends, as a slow cache would."""
        self.arrived.clear()
        self.gate.clear()
        try:
            yield
        finally:
            self.gate.set()


@pytest.fixture
def purge_log(settings):
    """Point VARNISH_URLS at a PurgeRecorder; ``purge_log.purges`` lists the keys sent."""
    recorder = PurgeRecorder()
    settings.VARNISH_URLS = [recorder.url]
    yield recorder
    recorder.shutdown()
    recorder.server_close()


@pytest.fixture
def committed(django_capture_on_commit_callbacks, purge_log):
    """Run what follows as if its transaction committed, counting only its purges."""

    def run():
        # What the test made before counts as committed earlier: its keys were purged then.
        transaction.get_connection().__dict__.pop("_purge_pending", None)
        transaction.get_connection().__dict__.pop("_purge_pending_hard", None)
        purge_log.purges.clear()
        purge_log.hard.clear()
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def database_queue(settings):
    """Queue tasks in the database, as in production, instead of running them at once."""
    settings.TASKS = DATABASE_QUEUE
    settings.EMAIL_MAX_ATTEMPTS = 3
    settings.EMAIL_RETRY_SECONDS = 60


@pytest.fixture
def smtp_server(settings):
    """Send e-mail to an aiosmtpd server of the test's own; ``smtp_server.messages`` holds it."""
    inbox = Inbox()
    controller = FreePortController(inbox, hostname="127.0.0.1", port=0)
    controller.start()
    use_smtp_server(settings, port=controller.port, timeout=5)
    yield inbox
    controller.stop()


@pytest.fixture
def site_inbox():
    """An SMTP server for the ``site_processes`` of the same test: the site's e-mail goes there."""
    inbox = Inbox()
    controller = FreePortController(inbox, hostname="127.0.0.1", port=0)
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()


@pytest.fixture
def site_processes(request, tmp_path):
    """The site as ``make run`` starts it (runserver and db_worker on a SQLite file of its own).

    Yields a ``tests.support.site.Site``: its ``url``, the demo administrator's ``username`` and
    ``password``, ``database``, ``media_root``, ``logs``; ``admin()`` signs an HTTP session in.
    With the ``site_inbox`` fixture, the site's e-mail goes to that inbox (``site.inbox``).
    """
    env = {}
    inbox = None
    if "site_inbox" in request.fixturenames:
        inbox = request.getfixturevalue("site_inbox")
        env["EMAIL_URL"] = smtp_url(inbox.port)
    with start_site(tmp_path / "site", env=env) as site:
        site.inbox = inbox
        yield site
