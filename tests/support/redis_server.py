"""A Redis server of a test's (or a benchmark's) own, on 127.0.0.1, that may be stopped and
started again; a port that takes connections and never answers."""

import os
import shutil
import socket
from pathlib import Path

from tests.support.processes import start, stop


def redis_command(port: int, directory: Path | None = None) -> list[str]:
    """Return the command of a redis-server on 127.0.0.1:``port`` that writes nothing to disk."""
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
    command += ["--save", "", "--appendonly", "no"]
    return command + (["--dir", str(directory)] if directory else [])


class RedisServer:
    """One ``redis-server`` process, without persistence, on 127.0.0.1."""

    start_seconds = 10.0

    def __init__(self, port: int):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self._process = None

    def start(self) -> None:
        import pytest
        import redis

        if shutil.which("redis-server") is None:
            if os.environ.get("NAMUR_REQUIRE_REDIS"):
                pytest.fail("redis-server est introuvable")
            pytest.skip("redis-server est introuvable")

        def ready() -> bool:
            client = redis.Redis(port=self.port, socket_timeout=0.5, socket_connect_timeout=0.5)
            try:
                return client.ping()
            except (redis.ConnectionError, redis.TimeoutError):
                return False
            finally:
                client.close()

        # A bounded wait for the server to answer, the only wait of these tests.
        try:
            self._process = start(redis_command(self.port), ready=ready, seconds=self.start_seconds)
        except RuntimeError:
            pytest.fail(f"redis-server n’a pas démarré sur le port {self.port}")

    def stop(self) -> None:
        if self._process is not None:
            stop(self._process)
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
