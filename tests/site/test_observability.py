"""Logs, errors and metrics as an operator reads them (docs/operations.md, « Logs, errors, metrics »).

In the test process: the request id, the log formats, the error report that leaves without
personal data, and the metrics server. Under gunicorn (the server `make serve` runs): the access
log and the metrics address.
"""

import gzip
import http.client
import io
import json
import logging
import os
import re
import subprocess
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.request import urlopen

import pytest
import sentry_sdk
from django.core import mail
from django.test import Client

from core import logs, metrics
from core.caching import http_cache
from tests.support.processes import free_port, stop, wait_for, wait_for_port

ROOT = Path(__file__).resolve().parents[2]


# --- Request id and log lines ---------------------------------------------------------------


@pytest.fixture
def log_lines():
    """Collect django.request's lines as the site's console handler writes them, in JSON."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logs.RequestIdFilter())
    handler.setFormatter(logs.JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)


@pytest.mark.urls("tests.testapp.urls")
@pytest.mark.django_db
def test_an_error_line_carries_the_request_id_the_proxy_set(log_lines):
    client = Client(raise_request_exception=False)

    response = client.get("/broken/", headers={"X-Request-ID": "varnish-32770-abc"})

    assert response.status_code == 500
    assert response["X-Request-ID"] == "varnish-32770-abc"
    (line,) = log_lines()
    assert line["level"] == "ERROR"
    assert line["logger"] == "django.request"
    assert line["request_id"] == "varnish-32770-abc"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])
    assert "RuntimeError: boom" in line["exception"]


@pytest.mark.parametrize(
    "sent", [None, "", "short", "a" * 65, "x\nFAKE LINE", "id with spaces", "<script>1234"]
)
@pytest.mark.django_db
def test_a_request_without_a_sane_id_gets_a_new_one(client, sent):
    headers = {"X-Request-ID": sent} if sent is not None else {}

    response = client.get("/healthz", headers=headers)

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.mark.django_db
def test_each_request_has_its_own_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]

    assert first != second


@pytest.mark.django_db(transaction=True)
def test_the_worker_s_lines_name_the_task(database_queue, settings):
    from core.caching.http_cache import purge_task
    from tests.tasks import run_worker

    settings.VARNISH_PURGE_TIMEOUT = 1
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logs.RequestIdFilter())
    handler.setFormatter(logs.JsonFormatter())
    logger = logging.getLogger("core.caching.http_cache")
    logger.addHandler(handler)
    try:
        # Its last attempt: the failed purge is logged, not queued again.
        result = purge_task.enqueue([f"http://127.0.0.1:{free_port()}"], ["page"], 99)
        run_worker()
    finally:
        logger.removeHandler(handler)

    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines
    assert {line["request_id"] for line in lines} == {f"task-{result.id}"}
    assert logs.request_id.get() == "-"


def test_lines_outside_a_request_say_so():
    record = logging.LogRecord("core.worker", logging.INFO, __file__, 1, "Heartbeat", None, None)
    logs.RequestIdFilter().filter(record)

    text = logging.Formatter(logs.TEXT_FORMAT).format(record)

    assert text.endswith(" INFO core.worker [-] Heartbeat")


def test_the_setting_writes_time_level_logger_and_request_id():
    text = logs.logging_config(fmt="text", level="INFO")
    as_json = logs.logging_config(fmt="json", level="INFO")

    assert text["handlers"]["console"]["filters"] == ["request_id"]
    for part in ("%(asctime)s", "%(levelname)s", "%(name)s", "%(request_id)s"):
        assert part in text["formatters"]["site"]["format"]
    assert as_json["formatters"]["site"] == {"()": "core.logs.JsonFormatter"}


def test_an_error_is_logged_once_in_the_site_s_format(tmp_path):
    # In development too, where Django's default logging adds a bare line of its own.
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, logging; django.setup();"
            "logging.getLogger('django.request').error('Internal Server Error: /x')",
        ],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "True", "DJANGO_SETTINGS_MODULE": "namur_site.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    (line,) = [line for line in result.stderr.splitlines() if "Internal Server Error" in line]
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} ERROR django.request \[-\] "
        r"Internal Server Error: /x",
        line,
    )


def test_settings_refuse_an_unknown_log_format():
    result = subprocess.run(
        [sys.executable, "-c", "import namur_site.settings"],
        cwd=ROOT,
        env={**os.environ, "LOG_FORMAT": "xml", "DJANGO_SETTINGS_MODULE": "namur_site.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "LOG_FORMAT" in result.stderr


# --- Error reports --------------------------------------------------------------------------


class FakeSentry(ThreadingHTTPServer):
    """A Sentry-compatible service of the test's own: it records the envelopes it receives."""

    def __init__(self):
        self.envelopes: list[bytes] = []
        received = self.envelopes

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                encoding = self.headers.get("Content-Encoding", "")
                if encoding == "gzip":
                    body = gzip.decompress(body)
                elif encoding == "deflate":
                    body = zlib.decompress(body)
                received.append(body)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def dsn(self) -> str:
        return f"http://publickey@127.0.0.1:{self.server_port}/42"

    def events(self) -> list[dict]:
        found = []
        for envelope in self.envelopes:
            for line in envelope.splitlines():
                try:
                    item = json.loads(line)
                except ValueError:
                    continue
                if isinstance(item, dict) and "exception" in item:
                    found.append(item)
        return found


@pytest.fixture
def fake_sentry():
    from core import error_reports

    server = FakeSentry()
    error_reports.init(dsn=server.dsn, environment="test")
    yield server
    sentry_sdk.init()  # no DSN: nothing is sent any more
    server.shutdown()
    server.server_close()


@pytest.mark.urls("tests.testapp.urls")
@pytest.mark.django_db
def test_an_error_in_a_view_is_reported_without_personal_data(fake_sentry, django_user_model):
    editor = django_user_model.objects.create_user(
        "jeanne", email="jeanne.dupont@example.be", password="x", first_name="Jeanne"
    )
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    client.cookies["preferences"] = "secret-cookie-value"

    response = client.post(
        "/broken/?email=jeanne.query%40example.be",
        {"email": "jeanne.form@example.be", "message": "Mon numéro : 0470 12 34 56"},
        headers={"X-Request-ID": "req-0000-1111"},
    )
    sentry_sdk.flush(timeout=10)

    assert response.status_code == 500
    (event,) = fake_sentry.events()
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert event["tags"]["request_id"] == "req-0000-1111"
    sent = b"".join(fake_sentry.envelopes).decode()
    for personal in (
        "jeanne.dupont@example.be",
        "jeanne.form@example.be",
        "jeanne.query",
        "0470 12 34 56",
        "secret-cookie-value",
        client.cookies["sessionid"].value,
        "Jeanne",
    ):
        assert personal not in sent


@pytest.mark.parametrize("dsn", ["", "http://publickey@127.0.0.1:9/42"])
def test_the_settings_report_errors_only_with_a_dsn(dsn):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, sentry_sdk; django.setup(); print(sentry_sdk.get_client().dsn)",
        ],
        cwd=ROOT,
        env={**os.environ, "SENTRY_DSN": dsn, "DJANGO_SETTINGS_MODULE": "namur_site.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert result.stdout.strip() == (dsn or "None")


# --- Metrics --------------------------------------------------------------------------------


@pytest.fixture
def metrics_server():
    server, _thread = metrics.start_server(f"127.0.0.1:{free_port()}")
    yield f"http://127.0.0.1:{server.server_port}/metrics"
    server.shutdown()
    server.server_close()


def scrape(url: str) -> str:
    with urlopen(url, timeout=10) as response:  # noqa: S310 - the test's own server
        return response.read().decode()


def value(text: str, sample: str) -> float:
    match = re.search(rf"^{re.escape(sample)} (\S+)$", text, re.MULTILINE)
    return float(match.group(1)) if match else 0.0


@pytest.mark.django_db(transaction=True)
def test_the_metrics_show_requests_purges_mail_and_queue(metrics_server, settings, client):
    settings.EMAIL_BACKEND = "core.metrics.CountingEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    before = scrape(metrics_server)
    requests = 'django_http_requests_total_by_method_total{method="GET"}'
    purges_failed = 'namur_purges_total{outcome="failed"}'
    mails_sent = 'namur_emails_total{outcome="sent"}'

    client.get("/healthz")
    http_cache.send_purges([f"http://127.0.0.1:{free_port()}"], ["page"])
    mail.send_mail("Objet", "Texte", "presse@namur.be", ["a@example.be", "b@example.be"])
    after = scrape(metrics_server)

    assert value(after, requests) == value(before, requests) + 1
    assert value(after, purges_failed) == value(before, purges_failed) + 1
    assert value(after, mails_sent) == value(before, mails_sent) + 1
    assert len(mail.outbox) == 1
    assert "namur_queue_waiting_tasks 0.0" in after
    assert "namur_queue_oldest_waiting_seconds 0.0" in after


@pytest.mark.django_db
def test_the_queue_state_counts_due_tasks_and_the_oldest_wait(database_queue):
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from core.caching.http_cache import purge_task

    purge_task.enqueue(["http://127.0.0.1:1"], ["page"], 1)
    purge_task.using(run_after=timezone.now() + timedelta(hours=1)).enqueue(
        ["http://127.0.0.1:1"], ["page"], 2
    )
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=5))

    waiting, age = metrics.queue_state()

    assert waiting == 1
    assert 299 <= age <= 330


@pytest.mark.django_db
def test_the_site_itself_serves_no_metrics(client):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics/").status_code == 404


def test_a_bare_port_means_this_machine_only():
    assert metrics.parse_address("9100") == ("127.0.0.1", 9100)
    assert metrics.parse_address("10.0.0.5:9100") == ("10.0.0.5", 9100)
    assert metrics.parse_address("[::1]:9100") == ("::1", 9100)
    with pytest.raises(ValueError, match="hôte:port"):
        metrics.parse_address("localhost")


# --- Under gunicorn -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gunicorn_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("observed")
    port, metrics_port = free_port(), free_port()
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "namur_site.settings",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DEBUG": "False",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "TRUSTED_PROXY_COUNT": "1",
        "LOG_FORMAT": "json",
        "METRICS_ADDRESS": f"127.0.0.1:{metrics_port}",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    log_path = folder / "gunicorn.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:namur_site.gunicorn"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for_port(port, seconds=60, process=process)
        wait_for_port(metrics_port, seconds=30, process=process)
        yield port, metrics_port, log_path
    finally:
        stop(process)


def get(port: int, path: str, headers: dict | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def json_lines(log_path: Path, logger: str) -> list[dict]:
    lines = []
    for line in log_path.read_text().splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and entry.get("logger") == logger:
            lines.append(entry)
    return lines


def access_lines(log_path: Path) -> list[dict]:
    return json_lines(log_path, "gunicorn.access")


def test_gunicorn_s_own_lines_are_json_too(gunicorn_site):
    port, _, log_path = gunicorn_site
    # The master listens before its worker has booted: a page answered means the worker has.
    assert get(port, "/healthz").status == 200

    lines = json_lines(log_path, "gunicorn.error")

    assert any(line["message"].startswith("Booting worker") for line in lines)
    assert all(line["level"] and line["time"] for line in lines)
    text = log_path.read_text()
    assert "[INFO] Booting worker" not in text


def test_the_access_log_names_the_client_the_proxy_saw_and_skips_probes(gunicorn_site):
    port, _, log_path = gunicorn_site

    for _ in range(3):
        assert get(port, "/healthz").status == 200
    page = get(
        port,
        "/robots.txt",
        {"X-Forwarded-For": "198.51.100.9, 203.0.113.7", "X-Request-ID": "edge-1234-5678"},
    )

    assert page.getheader("X-Request-ID") == "edge-1234-5678"
    # gunicorn writes the line once the answer is sent.
    wait_for(lambda: access_lines(log_path), seconds=10, what="the access log line")
    lines = access_lines(log_path)
    assert [line["path"] for line in lines] == ["/robots.txt"]
    (line,) = lines
    assert line["client"] == "203.0.113.7"
    assert line["request_id"] == "edge-1234-5678"
    assert line["level"] == "INFO"
    assert line["status"] == str(page.status)


def test_the_metrics_address_adds_up_every_worker(gunicorn_site):
    port, metrics_port, _ = gunicorn_site
    for _ in range(6):
        get(port, "/healthz")

    text = scrape(f"http://127.0.0.1:{metrics_port}/metrics")

    assert value(text, 'django_http_requests_total_by_method_total{method="GET"}') >= 6
    assert "django_db_execute_total" in text
    assert "namur_queue_waiting_tasks 0.0" in text
    assert 'namur_emails_total{outcome="sent"}' in text
    # The site's own address has none of it.
    assert get(port, "/metrics").status == 404
