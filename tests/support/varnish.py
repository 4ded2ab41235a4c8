"""A Varnish with the site's VCL in front of a backend address, for a test or a benchmark.

Tests that need it are skipped when ``varnishd`` is missing, unless ``NAMUR_REQUIRE_VARNISH=1``
(set by CI) turns the skip into a failure.
"""

import http.client
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from tests.support.processes import free_port, start, stop


def varnishd_path() -> str | None:
    path = shutil.which("varnishd") or "/usr/sbin/varnishd"
    if os.path.exists(path):
        return path
    if os.environ.get("NAMUR_REQUIRE_VARNISH") == "1":
        import pytest

        pytest.fail("varnishd est introuvable (paquets Debian varnish et varnish-modules).")
    return None


def varnish_command(
    varnishd: str, directory: Path, port: int, backend: str | list[str], size="32m"
):
    """Write the site's VCL in front of ``backend`` (host:port, or several) in ``directory``;
    return the varnishd command that serves it on 127.0.0.1:``port``."""
    from namur_site.management.commands.varnish_vcl import VARNISHD_PARAMS, render_vcl

    backends = [backend] if isinstance(backend, str) else list(backend)
    vcl = directory / "site.vcl"
    vcl.write_text(render_vcl(backends=backends, purgers=["127.0.0.1"]))
    return [
        *(varnishd, "-F", "-j", "none", "-n", str(directory / "instance"), "-T", "none"),
        *("-a", f"127.0.0.1:{port}", "-f", str(vcl), "-s", f"malloc,{size}", *VARNISHD_PARAMS),
    ]


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
    start_seconds = 15

    def __init__(self, varnishd: str, workdir: Path, backend_port: int | list[int]):
        """Serve the site's VCL in front of one app server's port, or several (a director)."""
        ports = [backend_port] if isinstance(backend_port, int) else backend_port
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        workdir.mkdir(parents=True, exist_ok=True)
        backends = [f"127.0.0.1:{port}" for port in ports]
        command = varnish_command(varnishd, workdir, self.port, backends)
        self.process = start(command, port=self.port, seconds=self.start_seconds)

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
        stop(self.process)
