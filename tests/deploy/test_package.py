"""The package anyone may install: the wheel carries every file the site reads, installs into a
fresh virtual environment outside the repository, and serves the site from there; the systemd
units in namur_site/deploy/systemd/ run commands the installed package has.

The wheel is built from a copy of what it is made of (pyproject.toml, the packages, README and
LICENSE), so the test writes nothing into the repository; pip installs from the index and cache
it already uses.
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from urllib.request import urlopen

import pytest

from namur_site.management.commands.varnish_vcl import VARNISHD_PARAMS
from tests.support.processes import free_port, start, stop

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PACKAGES = ["namur_site", "core", "news", "press", "accreditations"]
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"
UNITS = ROOT / "namur_site" / "deploy" / "systemd"
# Where the units expect the virtual environment (docs/operations.md).
UNIT_VENV = "/opt/namur/venv"


def _run(command, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, **kwargs)
    assert result.returncode == 0, (
        f"{shlex.join(map(str, command))}\n{result.stdout}\n{result.stderr}"
    )
    return result


def _package_files() -> set[str]:
    """Every file of the packages that is not Python code: what the site reads beside its code."""
    files = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                files.add(path.relative_to(ROOT).as_posix())
    return {name for name in files if not name.endswith(".py")}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in ["pyproject.toml", "README.md", "LICENSE"]:
        shutil.copy(ROOT / name, source / name)
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    out = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", out, source])
    (built,) = out.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment outside the repository with the wheel and its dependencies."""
    venv = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", venv])
    _run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", "-c", CONSTRAINTS, wheel])
    return venv


def _site_env(venv: Path, data: Path) -> dict[str, str]:
    """The environment of a production site on SQLite, its files in ``data``."""
    return {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(data),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "namur_site.settings",
        "DJANGO_ENV": "production",
        "SECRET_KEY": "un-secret-de-test-assez-long-pour-la-verification-de-django-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "DATABASE_URL": f"sqlite:///{data / 'db.sqlite3'}",
        "SINGLE_SERVER_SQLITE": "True",
        "STATIC_ROOT": str(data / "static"),
        "MEDIA_ROOT": str(data / "media"),
        "PRIVATE_MEDIA_ROOT": str(data / "private_media"),
        "SERVE_MEDIA": "True",
    }


@pytest.mark.slow
def test_the_wheel_carries_every_file_the_site_reads(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())

    missing = _package_files() - names
    assert not missing, f"absent du paquet : {sorted(missing)}"
    # Templates, static files, the French catalogue, the VCL, the units and the demo, by name.
    for name in [
        "namur_site/templates/base.html",
        "namur_site/static/css/site.css",
        "namur_site/locale/fr/LC_MESSAGES/django.mo",
        "namur_site/deploy/varnish.vcl",
        "namur_site/deploy/systemd/namur-web.service",
        "news/demo/articles.json",
        "accreditations/templates/admin/accreditations/accreditationrequest/change_form.html",
    ]:
        assert name in names
    version = PYPROJECT["project"]["version"]
    metadata = zipfile.ZipFile(wheel).read(f"namur_portal-{version}.dist-info/METADATA").decode()
    assert "License-Expression: EUPL-1.2" in metadata
    assert "Requires-Python: >=3.11" in metadata
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)


@pytest.mark.slow
def test_the_installed_wheel_serves_the_site_from_outside_the_repository(venv, tmp_path):
    data = tmp_path / "site"
    data.mkdir()
    env = _site_env(venv, data)
    admin = [venv / "bin" / "namur-admin"]

    # The code comes from the virtual environment, not from the repository.
    where = _run(
        [venv / "bin" / "python", "-c", "import namur_site; print(namur_site.__file__)"],
        cwd=data,
        env=env,
    ).stdout
    assert where.startswith(str(venv)), where
    # django-admin itself works as well as namur-admin, given the settings module.
    _run([venv / "bin" / "python", "-m", "django", "check"], cwd=data, env=env)
    for command in (["migrate", "--noinput"], ["load_demo"], ["collectstatic", "--noinput"]):
        _run([*admin, *command], cwd=data, env=env)
    # The site's own French catalogue is the installed one.
    translated = _run(
        [
            *admin,
            "shell",
            "-c",
            "from django.utils import translation; translation.activate('fr');"
            "print(translation.gettext('You may edit it again below.'))",
        ],
        cwd=data,
        env=env,
    ).stdout
    assert translated.splitlines()[-1] == "Vous pouvez poursuivre la modification ci-dessous."

    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    server = start(
        [venv / "bin" / "gunicorn", "-c", "python:namur_site.gunicorn"],
        port=port,
        cwd=data,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1"},
        output=log,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        with urlopen(f"{base}/", timeout=30) as response:  # noqa: S310
            assert response.status == 200
            home = response.read().decode()
        assert "Namur" in home
        article = re.search(r'href="(/actualites/(?!theme/|tag/)[a-z0-9-]+/)"', home)
        assert article, "aucun lien vers un article sur la page d’accueil"
        with urlopen(base + article.group(1), timeout=30) as response:  # noqa: S310
            assert response.status == 200
            assert "<article" in response.read().decode()
        stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', home)
        assert stylesheet, "la feuille de style du site n’est pas liée par son nom haché"
        with urlopen(base + stylesheet.group(1), timeout=30) as response:  # noqa: S310
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/css")
    finally:
        stop(server)
        log.close()


def _unit(name: str) -> dict[str, list[str]]:
    """Return a systemd unit's settings, each key with every value it is given."""
    settings: dict[str, list[str]] = {}
    for line in (UNITS / name).read_text().splitlines():
        if line and not line.startswith(("#", ";", "[")):
            key, _, value = line.partition("=")
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


UNIT_NAMES = ["namur-web.service", "namur-worker.service", "namur-cache.service"]


@pytest.mark.parametrize("name", UNIT_NAMES)
def test_each_unit_runs_as_a_dedicated_user_restarts_and_is_hardened(name):
    unit = _unit(name)

    assert unit["User"] == ["namur"]
    assert unit["EnvironmentFile"] == ["/etc/namur/namur.env"]
    assert unit["Restart"] == ["on-failure"]
    for key, value in {
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "CapabilityBoundingSet": "",
    }.items():
        assert unit[key] == [value], key


def _commands(name: str, venv: Path) -> list[list[str]]:
    """The unit's ExecStartPre and ExecStart command lines, run from ``venv``."""
    unit = _unit(name)
    return [
        shlex.split(line.replace(UNIT_VENV, str(venv)))
        for line in unit.get("ExecStartPre", []) + unit["ExecStart"]
    ]


@pytest.mark.slow
def test_the_units_commands_exist_in_the_installed_package(venv, tmp_path):
    env = _site_env(venv, tmp_path)
    web = _commands("namur-web.service", venv)
    assert web == [
        [f"{venv}/bin/namur-admin", "collectstatic", "--noinput", "--verbosity", "0"],
        [f"{venv}/bin/gunicorn", "-c", "python:namur_site.gunicorn"],
    ]
    # Run for real: the VCL's error pages below link the collected (hashed) static files.
    _run(web[0], cwd=tmp_path, env=env)
    _run([*web[1], "--check-config"], cwd=tmp_path, env=env)

    (worker,) = _commands("namur-worker.service", venv)
    assert worker == [f"{venv}/bin/namur-admin", "db_worker"]
    _run([*worker, "--help"], cwd=tmp_path, env=env)

    # The cache: the VCL written by the installed package, then varnishd with the parameters that
    # VCL needs.
    vcl_command, varnishd = _commands("namur-cache.service", venv)
    assert vcl_command[:2] == ["/bin/sh", "-c"]
    script = shlex.split(vcl_command[2])
    assert script[:3] == ["exec", f"{venv}/bin/namur-admin", "varnish_vcl"]
    unit_env = dict(
        item.split("=", 1) for item in _unit("namur-cache.service")["Environment"][0].split()
    )
    vcl = _run(
        [
            "/bin/sh",
            "-c",
            vcl_command[2].replace("/run/namur-cache/site.vcl", str(tmp_path / "site.vcl")),
        ],
        cwd=tmp_path,
        env={**env, **unit_env},
    )
    assert "vcl 4.1;" in (tmp_path / "site.vcl").read_text(), vcl.stderr
    assert varnishd[0] == "/usr/sbin/varnishd"
    assert " ".join(VARNISHD_PARAMS) in " ".join(varnishd)
    if shutil.which("varnishd") or os.path.exists(varnishd[0]):
        # varnishd -C compiles the VCL and stops: the generated file is valid VCL.
        _run(
            [
                varnishd[0],
                "-C",
                "-j",
                "none",
                "-n",
                tmp_path / "varnish",
                "-f",
                tmp_path / "site.vcl",
            ]
        )


def test_the_version_is_the_changelogs_newest_release_and_the_licence_is_eupl():
    version = PYPROJECT["project"]["version"]
    releases = re.findall(
        r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", _read("CHANGELOG.md"), re.M
    )
    assert releases[0] == version
    assert PYPROJECT["project"]["license"] == "EUPL-1.2"
    assert PYPROJECT["project"]["requires-python"] == ">=3.11"
    licence = _read("LICENSE")
    assert licence.startswith(
        "European Union Public Licence v. 1.2\n\nEUPL © the European Union 2007, 2016"
    )
    for article in [
        "1. Definitions",
        "5. Obligations of the Licensee",
        "15. Applicable Law",
        "Appendix",
    ]:
        assert article in licence


def _read(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


@pytest.mark.slow
def test_systemd_finds_the_units_valid_with_the_installed_package(venv, tmp_path):
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze est absent")
    for name in UNIT_NAMES:
        (tmp_path / name).write_text((UNITS / name).read_text().replace(UNIT_VENV, str(venv)))

    # verify says what it cannot parse or run (an unknown option, a missing command) on stderr.
    result = _run(["systemd-analyze", "verify", *UNIT_NAMES], cwd=tmp_path)
    assert result.stderr == ""
