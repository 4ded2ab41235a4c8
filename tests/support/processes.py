"""Free ports, and processes started in a group of their own that are always stopped.

``start()`` returns a process once it answers; when it does not (it exits, or is not ready in
time), it stops the process before raising: a failed start leaves nothing running.
"""

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable


def free_port(start: int = 0) -> int:
    """Return a 127.0.0.1 port nothing listens on: the first from ``start``, else any."""
    for port in range(start, start + 200) if start else ():
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listens(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_for(ready: Callable[[], bool], seconds: float, process=None, what: str = "") -> None:
    """Return once ``ready()``; raise RuntimeError if ``process`` exits or time runs out."""
    deadline = time.monotonic() + seconds
    while not ready():
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what or process.args[0]} s’est arrêté ({process.returncode})")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what or 'le serveur'} ne répond pas après {seconds:g} s")
        time.sleep(0.05)


def wait_for_port(port: int, seconds: float = 15, process=None) -> None:
    wait_for(lambda: listens(port), seconds, process, f"le port {port}")


def start(
    command: list[str],
    *,
    port: int | None = None,
    ready: Callable[[], bool] | None = None,
    seconds: float = 60,
    output=subprocess.DEVNULL,
    **popen,
) -> subprocess.Popen:
    """Run ``command`` in its own process group; return it once ``port`` listens (or ``ready()``
    is true). If it exits or is not ready within ``seconds``, stop it and raise RuntimeError."""
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=output,
        stderr=subprocess.STDOUT if output is not subprocess.DEVNULL else output,
        start_new_session=True,
        **popen,
    )
    try:
        if port is not None:
            wait_for_port(port, seconds, process)
        elif ready is not None:
            wait_for(ready, seconds, process, command[0])
    except BaseException:
        stop(process)
        raise
    return process


def stop(process: subprocess.Popen, seconds: float = 15) -> None:
    """Stop ``process`` and its group (SIGTERM, then SIGKILL after ``seconds``); wait for it."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
    except ProcessLookupError:
        process.wait(timeout=5)
