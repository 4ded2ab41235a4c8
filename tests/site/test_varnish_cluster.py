"""Several app servers behind one Varnish, several Varnish in front: through real Varnish processes."""

import subprocess
import time

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

    # Past the probes' window (3 probes, 2 s apart): a server answering them 400 would be sick.
    time.sleep(7)
    answer = varnish.get(article.get_absolute_url(), headers={"Host": "actualites.namur.example"})
    assert answer.status == 200, answer.body[:300]
    assert "Marché de Noël" in answer.body


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
            backends=["127.0.0.1:8081", "[::1]:8082"], purgers=["127.0.0.1"], director="random"
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
