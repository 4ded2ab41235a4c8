"""A server of the harness (tests/support/) that never becomes ready is not left running."""

import os
import stat

import pytest

from tests.support.processes import free_port
from tests.support.redis_server import RedisServer
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
