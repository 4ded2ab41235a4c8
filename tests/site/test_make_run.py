"""`make run PORT=…` serves on that port, and SITE_URL (links in e-mails, canonical links) follows."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

MAKE = shutil.which("make")

pytestmark = pytest.mark.skipif(MAKE is None, reason="make est introuvable")


def make_run(tmp_path, *arguments, env=None, dot_env=None) -> list[str]:
    """Return the manage.py commands `make -n run` would start, in a copy of the Makefile."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "pyproject.toml").touch()
    (tmp_path / "requirements").mkdir()
    (tmp_path / "requirements" / "constraints.txt").touch()
    if dot_env is not None:
        (tmp_path / ".env").write_text(dot_env)
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SITE_URL", "PORT", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"}
    }
    result = subprocess.run(
        [MAKE, "-n", "run", *arguments],
        cwd=tmp_path,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        check=True,
    )
    return [line for line in result.stdout.splitlines() if "manage.py" in line]


def test_make_run_serves_on_the_port_given_and_site_url_follows(tmp_path):
    commands = make_run(tmp_path, "PORT=8010")

    assert commands[-1].endswith("manage.py runserver 127.0.0.1:8010")
    # Every step, the worker that writes e-mails included, knows where the site is.
    assert [c.split()[0] for c in commands] == ["SITE_URL=http://127.0.0.1:8010"] * 5
    assert [c.split("manage.py ")[1].split()[0] for c in commands] == [
        "migrate",
        "load_demo",
        "demo_admin",
        "db_worker",
        "runserver",
    ]


def test_make_run_serves_on_8000_by_default(tmp_path):
    commands = make_run(tmp_path)

    assert commands[-1].endswith("manage.py runserver 127.0.0.1:8000")
    assert all(c.startswith("SITE_URL=http://127.0.0.1:8000 ") for c in commands)


@pytest.mark.parametrize(
    ("arguments", "env", "dot_env"),
    [
        (["PORT=8010", "SITE_URL=https://actualites.namur.be"], None, None),
        (["PORT=8010"], {"SITE_URL": "https://actualites.namur.be"}, None),
        (["PORT=8010"], None, "DEBUG=True\nSITE_URL=https://actualites.namur.be\n"),
    ],
    ids=["command-line", "environment", "dot-env"],
)
def test_a_site_url_the_user_set_wins(tmp_path, arguments, env, dot_env):
    commands = make_run(tmp_path, *arguments, env=env, dot_env=dot_env)

    assert commands[-1].endswith("manage.py runserver 127.0.0.1:8010")
    assert not any("SITE_URL=http://127.0.0.1" in command for command in commands)
