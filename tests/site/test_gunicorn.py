"""The site under gunicorn alone, as `make serve` starts it behind Varnish."""

import http.client
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.processes import free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:namur_site.gunicorn"],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "namur_site.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('db') / 'db.sqlite3'}",
            "DEBUG": "False",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "1",
            "GUNICORN_ACCESS_LOG": "",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, seconds=60)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def get(port: int, path: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_gunicorn_names_no_software(gunicorn):
    response = get(gunicorn, "/healthz")

    assert response.status == 200
    assert response.getheader("Server") is None
    assert "gunicorn" not in str(response.getheaders()).lower()


def test_an_address_under_varnish_limit_reaches_the_site(gunicorn):
    # Varnish answers the site's 414 past 8,000 characters; below, the site answers, never
    # gunicorn's bare English 400.
    response = get(gunicorn, "/healthz?" + "a" * 7_000)

    assert response.status == 200


def test_another_app_under_the_site_settings_starts_without_the_warm_up():
    # The benchmarks' floor is served with these gunicorn settings: the site's warm-up
    # (namur_site/warmup.py) is not its business, and must never stop a server from starting.
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:namur_site.gunicorn", "floor:application"],
        cwd=ROOT / "bench",
        env={
            "PATH": os.environ["PATH"],
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "floor",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "1",
            "GUNICORN_ACCESS_LOG": "",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port, seconds=60)
        response = get(port, "/octets/2000/")
        assert response.status == 200
    finally:
        process.terminate()
        _out, errors = process.communicate(timeout=10)
    assert b"Warm-up failed" not in errors
    assert b"Warmed up" not in errors
