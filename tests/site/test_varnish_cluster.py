"""Several app servers behind one Varnish, several Varnish in front: through real Varnish processes."""

import http.client
import socket
import socketserver
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.news.factories import ArticleFactory
from tests.support.relay import Relay
from tests.support.varnish import Varnish, varnishd_path

pytestmark = [pytest.mark.varnish, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def varnishd():
    path = varnishd_path()
    if path is None:
        pytest.skip("varnishd est introuvable (paquets Debian varnish et varnish-modules).")
    return path


@pytest.fixture
def app_servers(live_server):
    """Two app servers' addresses (each a relay to the test's server), which a test may stop."""
    port = int(live_server.url.rsplit(":", 1)[1])
    relays = [Relay(port), Relay(port)]
    yield relays
    for relay in relays:
        relay.stop()


@pytest.fixture
def start_varnish(varnishd, tmp_path, settings):
    settings.PAGE_CACHE_SECONDS = 600
    started = []

    def start(backend_ports):
        varnish = Varnish(varnishd, tmp_path / f"varnish{len(started)}", backend_ports)
        started.append(varnish)
        return varnish

    yield start
    for varnish in started:
        varnish.stop()


def test_pages_are_still_served_when_one_app_server_stops(app_servers, start_varnish, settings):
    varnish = start_varnish([relay.port for relay in app_servers])
    settings.VARNISH_URLS = [varnish.url]
    articles = ArticleFactory.create_batch(6)
    assert varnish.get("/").status == 200

    app_servers[0].stop()

    # Pages never asked for before: each goes to an app server, the stopped one included, in turn.
    for article in articles:
        answer = varnish.get(article.get_absolute_url())
        assert answer.status == 200, answer.body[:200]
        assert article.title in answer.body
    assert varnish.get("/presse/").status == 200


def test_health_probes_name_the_site_so_that_app_servers_on_other_addresses_stay_in(
    app_servers, start_varnish, settings
):
    # In production ALLOWED_HOSTS lists the site's name, not the app servers' addresses.
    settings.SITE_URL = "https://actualites.namur.example"
    settings.ALLOWED_HOSTS = ["actualites.namur.example"]
    varnish = start_varnish([relay.port for relay in app_servers])
    article = ArticleFactory(title="Marché de Noël")

    # Past the probes' window: a server answering them 400 would be sick by then.
    time.sleep(7)
    answer = varnish.get(article.get_absolute_url(), headers={"Host": "actualites.namur.example"})
    assert answer.status == 200, answer.body[:300]
    assert "Marché de Noël" in answer.body


class StoppingAppServer(socketserver.ThreadingTCPServer):
    """An app server caught stopping before its probe noticed: it answers the probe, takes a
    page's request and drops it, without an answer, once ``release`` is set."""

    daemon_threads = True

    def __init__(self):
        self.received = threading.Event()
        self.release = threading.Event()
        super().__init__(("127.0.0.1", 0), self.Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def port(self) -> int:
        return self.server_address[1]

    class Handler(socketserver.StreamRequestHandler):
        def handle(self):
            request_line = self.rfile.readline()
            if request_line.startswith(b"GET /healthz "):
                self.wfile.write(
                    b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n"
                )
                return
            self.server.received.set()
            self.server.release.wait(timeout=30)
            self.connection.shutdown(socket.SHUT_RDWR)


def test_a_page_dropped_by_a_stopping_app_server_is_asked_of_another(
    app_servers, start_varnish, settings
):
    stopping = StoppingAppServer()
    varnish = start_varnish([stopping.port, app_servers[0].port])
    first, second = ArticleFactory.create_batch(2)
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            dropped = pool.submit(varnish.get, first.get_absolute_url())
            assert stopping.received.wait(timeout=30)
            # Meanwhile another page takes the director's next turn: the retry of the dropped
            # page would come back to the stopping server.
            assert varnish.get(second.get_absolute_url()).status == 200
            stopping.release.set()
            answer = dropped.result(timeout=60)
    finally:
        stopping.release.set()
        stopping.shutdown()
        stopping.server_close()

    assert answer.status == 200, answer.body[:300]
    assert first.title in answer.body


class SlowAppServer(socketserver.ThreadingTCPServer):
    """An app server in front of the test's, whose answer for ``path`` waits for ``release``:
    a page being rendered, slowly, from what the database held before a change."""

    daemon_threads = True

    def __init__(self, backend_port: int, path: str):
        self.backend_port, self.path = backend_port, path
        self.rendered = threading.Event()
        self.release = threading.Event()
        super().__init__(("127.0.0.1", 0), self.Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    class Handler(socketserver.StreamRequestHandler):
        def handle(self):
            method, path, _version = self.rfile.readline().decode().split()
            headers = {}
            while line := self.rfile.readline().decode().strip():
                name, _, value = line.partition(":")
                headers[name] = value.strip()
            backend = http.client.HTTPConnection("127.0.0.1", self.server.backend_port)
            backend.request(method, path, headers=headers)
            answer = backend.getresponse()
            body = answer.read()
            if path == self.server.path:
                self.server.rendered.set()
                self.server.release.wait(timeout=30)
            self.wfile.write(f"HTTP/1.1 {answer.status} {answer.reason}\r\n".encode())
            for name, value in answer.getheaders():
                if name.lower() not in ("connection", "transfer-encoding", "content-length"):
                    self.wfile.write(f"{name}: {value}\r\n".encode())
            self.wfile.write(f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode())
            self.wfile.write(body)


def test_a_page_rendered_before_a_change_and_cached_after_its_purge_is_not_kept(
    app_servers, start_varnish, settings
):
    article = ArticleFactory(title="Travaux rue de Fer")
    slow = SlowAppServer(app_servers[0].port, article.get_absolute_url())
    varnish = start_varnish([slow.server_address[1]])
    settings.VARNISH_URLS = [varnish.url]
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            reading = pool.submit(varnish.get, article.get_absolute_url())
            assert slow.rendered.wait(timeout=30)
            # The change commits and is purged while the old page is on its way to Varnish.
            article.title = "Travaux rue de Fer : fin du chantier"
            article.save()
            slow.release.set()
            assert "fin du chantier" not in reading.result(timeout=60).body

        assert "fin du chantier" in varnish.get(article.get_absolute_url()).body
    finally:
        slow.release.set()
        slow.shutdown()
        slow.server_close()


def test_one_change_is_purged_from_every_varnish(app_servers, start_varnish, settings):
    ports = [relay.port for relay in app_servers]
    first, second = start_varnish(ports), start_varnish(ports)
    settings.VARNISH_URLS = [first.url, second.url]
    article = ArticleFactory(title="Travaux rue de Fer")
    for varnish in (first, second):
        varnish.get(article.get_absolute_url())
        assert varnish.get(article.get_absolute_url()).hit

    article.title = "Travaux rue de Fer : fin du chantier"
    article.save()

    # Each Varnish gives the previous copy at most once, while it asks for the new page.
    for varnish in (first, second):
        deadline = time.monotonic() + 2
        while "fin du chantier" not in varnish.get(article.get_absolute_url()).body:
            assert time.monotonic() < deadline, "the edit is not visible through every Varnish"
            time.sleep(0.05)


def test_the_random_director_compiles(varnishd, tmp_path):
    from namur_site.management.commands.varnish_vcl import render_vcl

    vcl = tmp_path / "random.vcl"
    vcl.write_text(
        render_vcl(
            # Three: a retry then picks the first healthy one of two others.
            backends=["127.0.0.1:8081", "[::1]:8082", "127.0.0.1:8083"],
            purgers=["127.0.0.1"],
            director="random",
        )
    )

    compiled = subprocess.run(
        [varnishd, "-C", "-j", "none", "-f", str(vcl), "-n", str(tmp_path / "instance")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert compiled.returncode == 0, compiled.stderr[-2000:]
