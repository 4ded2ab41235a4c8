"""A Varnish of the test's own, with the site's VCL, in front of a backend address.

Tests that need it are skipped when ``varnishd`` is missing, unless ``NAMUR_REQUIRE_VARNISH=1``
(set by CI) turns the skip into a failure.
"""

import contextlib
import http.client
import os
import shutil
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from namur_site.management.commands.varnish_vcl import VARNISHD_PARAMS, render_vcl


def varnishd_path() -> str | None:
    path = shutil.which("varnishd") or "/usr/sbin/varnishd"
    if not os.path.exists(path):
        if os.environ.get("NAMUR_REQUIRE_VARNISH") == "1":
            pytest.fail("varnishd est introuvable (paquets Debian varnish et varnish-modules).")
        return None
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str
    # The bytes as they came over the wire (compressed when the client accepted gzip).
    raw: bytes = b""

    @property
    def hit(self) -> bool:
        return self.headers.get("x-cache") == "hit"


class Varnish:
    def __init__(self, varnishd: str, workdir: Path, backend_port: int):
        self.varnishd = varnishd
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        vcl = workdir / "site.vcl"
        vcl.write_text(render_vcl(backend=f"127.0.0.1:{backend_port}", purgers=["127.0.0.1"]))
        self.process = subprocess.Popen(
            [
                varnishd,
                "-F",
                "-n",
                str(workdir / "instance"),
                "-a",
                f"127.0.0.1:{self.port}",
                "-T",
                "none",
                "-f",
                str(vcl),
                "-s",
                "malloc,32m",
                "-j",
                "none",
                *VARNISHD_PARAMS,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def get(self, path: str, headers: dict | None = None) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
            response = connection.getresponse()
            raw = response.read()
            headers = {k.lower(): v for k, v in response.getheaders()}
            return Answer(response.status, headers, raw.decode("utf-8", "replace"), raw)
        finally:
            connection.close()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Relay:
    """A TCP relay to a server (Varnish's backend, PostgreSQL), so a test can take it away.

    ``port``: listen there (a relay stopped before on that port comes back), else on a free one.
    """

    def __init__(self, target_port: int, port: int = 0):
        self.target_port = target_port
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", port))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.open = True
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while self.open:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                return
            try:
                backend = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            self.sockets += [client, backend]
            for source, target in ((client, backend), (backend, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    @staticmethod
    def _pipe(source, target) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        """Take the backend away: new connections are refused, open ones are cut."""
        self.open = False
        # Closing alone would leave the accept() under way listening, for one more connection.
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
