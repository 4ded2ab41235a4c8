"""A Redis server of a test's own, on a free local port, that the test may stop and start again."""

import os
import shutil
import socket
import subprocess
import time

import pytest
import redis


def free_port() -> int:
    """Return a local TCP port nothing listens on (as far as the kernel knows right now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """One ``redis-server`` process, without persistence, on 127.0.0.1."""

    start_seconds = 10.0

    def __init__(self, port: int):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self._process = None

    def start(self) -> None:
        executable = shutil.which("redis-server")
        if executable is None:
            if os.environ.get("NAMUR_REQUIRE_REDIS"):
                pytest.fail("redis-server est introuvable")
            pytest.skip("redis-server est introuvable")
        options = [
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ]
        self._process = subprocess.Popen(
            [executable, *options],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # A bounded wait for the server to accept connections, the only wait of these tests.
        deadline = time.monotonic() + self.start_seconds
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if self._process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    pytest.fail(f"redis-server n’a pas démarré sur le port {self.port}")
                time.sleep(0.02)
            finally:
                client.close()

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._process = None


class SilentServer:
    """A port that takes connections and never answers them, as a black-holed server does."""

    def __init__(self):
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(64)
        self.port = self._socket.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def new_connections(self) -> int:
        """Return how many connections were opened since the last call."""
        # Never accepted until now: the kernel keeps each completed connection in the queue.
        self._socket.setblocking(False)
        count = 0
        while True:
            try:
                connection, _ = self._socket.accept()
            except BlockingIOError:
                return count
            connection.close()
            count += 1

    def close(self) -> None:
        self._socket.close()
