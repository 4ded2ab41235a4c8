"""The task worker, ``manage.py db_worker``, in processes of the test's own.

``WorkerProcess`` runs one and keeps its log lines as they come. ``sqlite_site()`` prepares a
site without a server: a migrated SQLite file of its own and its folders, for workers to share;
``manage()`` runs a command there (``shell -c`` to put rows in it). The processes share the
session's clock (tests/clock.py).
"""

import subprocess
import threading
import time
from pathlib import Path

from tests.support.processes import stop
from tests.support.site import MANAGE, ROOT, site_env


class WorkerProcess:
    """`manage.py db_worker` in a process of its own, its log lines kept as they come."""

    def __init__(self, env: dict[str, str], *arguments: str):
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [*MANAGE, "db_worker", "--no-reload", "--no-startup-delay", *arguments],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line)

    def logged(self, text: str) -> int:
        """Return how many of its log lines so far contain ``text``."""
        return sum(text in line for line in list(self.lines))

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        stop(self.process, seconds=10)


def wait_until(condition, what: str, seconds: float = 60) -> None:
    """Wait for another process to do something (a worker runs on its own clock)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"the worker never {what}"
        time.sleep(0.05)


def sqlite_site(workdir: Path, **env: str) -> dict[str, str]:
    """Migrate a SQLite file in ``workdir``; return the environment its commands run with."""
    for folder in ("media", "private"):
        (workdir / folder).mkdir(parents=True, exist_ok=True)
    environment = site_env(workdir, {"DEBUG": "False", **env})
    manage(environment, "migrate", "--noinput")
    return environment


def manage(env: dict[str, str], *arguments: str) -> str:
    """Run ``manage.py`` with ``env``; return what it printed."""
    done = subprocess.run(
        [*MANAGE, *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout
