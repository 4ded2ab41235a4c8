"""A server of the harness (tests/support/) that never becomes ready is not left running; the
relay that drills and tests cut servers with cuts and restores."""

import os
import socket
import socketserver
import stat
import threading

import pytest

from tests.support.processes import free_port
from tests.support.redis_server import RedisServer
from tests.support.relay import Relay
from tests.support.varnish import Varnish


@pytest.fixture
def hung_server(tmp_path):
    """An executable that takes any arguments, writes its process id and never answers."""
    program = tmp_path / "bin" / "redis-server"
    program.parent.mkdir()
    program.write_text(f"#!/bin/sh\necho $$ > {tmp_path / 'pid'}\nexec sleep 600\n")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    return program


def gone(pid_file) -> bool:
    try:
        os.kill(int(pid_file.read_text()), 0)
    except ProcessLookupError:
        return True
    return False


def test_a_varnish_that_never_answers_is_stopped(hung_server, tmp_path, monkeypatch):
    monkeypatch.setattr(Varnish, "start_seconds", 2)
    with pytest.raises(RuntimeError, match="ne répond pas"):
        Varnish(str(hung_server), tmp_path, backend_port=free_port())
    assert gone(tmp_path / "pid")


def test_a_redis_that_never_answers_is_stopped(hung_server, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", f"{hung_server.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(RedisServer, "start_seconds", 2)
    with pytest.raises(pytest.fail.Exception, match="n’a pas démarré"):
        RedisServer(free_port()).start()
    assert gone(tmp_path / "pid")


class EchoServer(socketserver.ThreadingTCPServer):
    daemon_threads = True

    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            while data := self.request.recv(1024):
                self.request.sendall(data)

    def __init__(self):
        super().__init__(("127.0.0.1", 0), self.Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()


def echo(port: int) -> socket.socket:
    connection = socket.create_connection(("127.0.0.1", port), timeout=10)
    connection.sendall(b"ping")
    assert connection.recv(4) == b"ping"
    return connection


def test_the_relay_cuts_open_connections_refuses_new_ones_and_comes_back_on_its_port():
    server = EchoServer()
    relay = Relay(server.server_address[1])
    try:
        connection = echo(relay.port)

        relay.stop()

        assert connection.recv(4) == b""  # cut, as a server that went away
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", relay.port), timeout=10)
        port = relay.port
        relay.open()
        assert relay.port == port
        echo(relay.port).close()
        connection.close()
    finally:
        relay.stop()
        server.shutdown()
        server.server_close()
