"""Configuration from the environment: production refuses to start half-configured."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3#Vq9!pZ2@wL8$rT5^yN1&mB7*cX4(hJ6)fD0_sG-eA+uQ=oI"


def manage(*args, env):
    """Run manage.py with only the given variables (plus PATH) in its environment; a variable
    given as None is left out."""
    env = {"PATH": os.environ["PATH"], "DATABASE_URL": "sqlite:///:memory:", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={name: value for name, value in env.items() if value is not None},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({}, "SECRET_KEY, ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "actualites.namur.be"}, "SECRET_KEY"),
        ({"SECRET_KEY": STRONG_KEY}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_its_secrets(env, missing):
    result = manage("check", env={"DJANGO_ENV": "production", **env})

    assert result.returncode == 1
    assert f"définissez {missing} (voir .env.example)" in result.stderr
    assert "Traceback" not in result.stderr


PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "actualites.namur.be",
}
# Parsed, never reached: `check` opens no connection.
POSTGRES = "postgres://namur@127.0.0.1:5999/namur"
REDIS = "redis://127.0.0.1:6999/0"


@pytest.mark.parametrize(
    ("env", "variable", "what"),
    [
        ({}, "DATABASE_URL", "une base PostgreSQL"),
        ({"DATABASE_URL": "sqlite:///:memory:", "CACHE_URL": REDIS}, "DATABASE_URL", "PostgreSQL"),
        ({"DATABASE_URL": POSTGRES}, "CACHE_URL", "un cache partagé Redis"),
        ({"DATABASE_URL": POSTGRES, "CACHE_URL": "locmemcache://"}, "CACHE_URL", "Redis"),
        ({"DATABASE_URL": POSTGRES, "SINGLE_SERVER_SQLITE": "False"}, "CACHE_URL", "Redis"),
    ],
)
def test_production_refuses_what_cannot_serve_it(env, variable, what):
    result = manage("check", env={**PRODUCTION, "DATABASE_URL": None, **env})

    assert result.returncode == 1
    assert f"{variable} doit désigner" in result.stderr
    assert what in result.stderr
    assert "SINGLE_SERVER_SQLITE=True" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_starts_on_postgresql_and_redis():
    show = "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'])"
    result = manage(
        "shell", "-c", show, env={**PRODUCTION, "DATABASE_URL": POSTGRES, "CACHE_URL": REDIS}
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == [
        "django.db.backends.postgresql",
        "core.caching.cache_backends.FailOpenRedisCache",
    ]


def test_a_single_server_sqlite_site_is_an_explicit_choice():
    show = "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'])"
    result = manage("shell", "-c", show, env={**PRODUCTION, "SINGLE_SERVER_SQLITE": "True"})

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
    ]


def test_a_single_server_sqlite_site_runs_one_gunicorn_process():
    show = "import namur_site.gunicorn as g; print(g.workers, g.threads)"
    single = subprocess.run(
        [sys.executable, "-c", show],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "SINGLE_SERVER_SQLITE": "True"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    shared = subprocess.run(
        [sys.executable, "-c", show],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert single.stdout.split() == ["1", "4"]
    assert shared.stdout.split() == ["2", "4"]


MAKE = shutil.which("make")


@pytest.mark.skipif(MAKE is None, reason="make est introuvable")
def test_make_serve_starts_in_production_with_nothing_to_set(tmp_path):
    """`make serve`'s migrate line, with its environment, runs `check --deploy` cleanly."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "pyproject.toml").touch()
    (tmp_path / "requirements").mkdir()
    (tmp_path / "requirements" / "constraints.txt").touch()
    (tmp_path / ".secret_key").write_text(STRONG_KEY)
    left_out = {"DATABASE_URL", "CACHE_URL", "SINGLE_SERVER_SQLITE", "SECRET_KEY", "DJANGO_ENV"}
    left_out |= {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "ALLOWED_HOSTS"}
    clean = {key: value for key, value in os.environ.items() if key not in left_out}
    dry_run = subprocess.run(
        [MAKE, "-n", "serve", "VARNISHD=/bin/true"],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    (migrate,) = [line for line in dry_run.stdout.splitlines() if "migrate --noinput" in line]
    check = migrate.replace(
        ".venv/bin/python manage.py migrate --noinput",
        f"{sys.executable} {ROOT / 'manage.py'} check --deploy --fail-level ERROR",
    )

    result = subprocess.run(
        ["/bin/sh", "-c", check],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # Plain HTTP on this machine (SECURE_SSL_REDIRECT=False) and the HSTS preload note: no more.
    assert set(re.findall(r"\((\w+\.\w+)\)", output)) == {"security.W008", "security.W021"}


@pytest.mark.parametrize(
    "env",
    [
        {"DATABASE_URL": POSTGRES, "CACHE_URL": REDIS},
        {"SINGLE_SERVER_SQLITE": "True"},
    ],
    ids=["postgresql-redis", "single-server-sqlite"],
)
def test_production_deploy_check_reports_only_the_hsts_preload_note(env):
    result = manage("check", "--deploy", "--fail-level", "ERROR", env={**PRODUCTION, **env})

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "security.W021" in output
    assert "System check identified 1 issue" in output, output


def test_production_turns_debug_off_whatever_is_set():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        env={**PRODUCTION, "SINGLE_SERVER_SQLITE": "True", "DEBUG": "True"},
    )

    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_unknown_environment_name_is_refused_clearly():
    result = manage("check", env={"DJANGO_ENV": "prod"})

    assert result.returncode == 1
    assert "utilisez « development » ou « production »" in result.stderr


def test_mail_settings_come_from_the_environment():
    show = (
        "from django.conf import settings as s; "
        "print(s.EMAIL_TIMEOUT, s.EMAIL_MAX_ATTEMPTS, s.EMAIL_RETRY_SECONDS, "
        "s.TASKS['default']['BACKEND'])"
    )

    default = manage("shell", "-c", show, env={})
    custom = manage(
        "shell",
        "-c",
        show,
        env={"EMAIL_TIMEOUT": "2.5", "EMAIL_MAX_ATTEMPTS": "3", "EMAIL_RETRY_SECONDS": "30"},
    )
    refused = manage("check", env={"EMAIL_TIMEOUT": "0"})

    assert default.stdout.split("\n")[-2] == "10.0 5 60 django_tasks_db.DatabaseBackend"
    assert custom.stdout.split("\n")[-2] == "2.5 3 30 django_tasks_db.DatabaseBackend"
    assert refused.returncode == 1
    assert "EMAIL_TIMEOUT doit être un nombre de secondes positif" in refused.stderr


def test_development_defaults_are_local_and_french(settings):
    assert settings.LANGUAGE_CODE == "fr-be"
    assert settings.TIME_ZONE == "Europe/Brussels"
    assert settings.USE_TZ is True
    assert {"127.0.0.1", "localhost", "[::1]"} <= set(settings.ALLOWED_HOSTS)


def test_suite_runs_on_the_database_it_was_asked_for():
    """Fail, rather than pass on SQLite, when the PostgreSQL run did not get PostgreSQL."""
    from django.db import connection

    expected = os.environ.get("NAMUR_EXPECT_DB")
    if not expected:
        pytest.skip("NAMUR_EXPECT_DB non défini : base de données non vérifiée")
    assert connection.vendor == expected


def test_gunicorn_is_configured_from_the_environment(monkeypatch):
    import importlib

    import namur_site.gunicorn as config

    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.setenv("GUNICORN_THREADS", "6")
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:9000")
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "5000")
    try:
        config = importlib.reload(config)
        assert (config.workers, config.threads, config.bind) == (3, 6, "127.0.0.1:9000")
        assert config.worker_class == "gthread"
        assert (config.max_requests, config.max_requests_jitter) == (5000, 500)
    finally:
        monkeypatch.undo()
        importlib.reload(config)


def test_varnish_vcl_writes_a_director_with_a_probe_per_app_server():
    result = manage(
        "varnish_vcl",
        "--backend",
        "10.0.0.11:8081",
        "--backend",
        "10.0.0.12:8081",
        "--director",
        "random",
        env={},
    )

    assert result.returncode == 0, result.stderr
    vcl = result.stdout
    assert "import directors;" in vcl
    assert 'backend app1 {\n    .host = "10.0.0.11";' in vcl
    assert 'backend app2 {\n    .host = "10.0.0.12";' in vcl
    assert vcl.count(".probe = healthz;") == 2
    assert '.url = "/healthz";' in vcl
    assert "new app = directors.random();" in vcl
    assert "app.add_backend(app1, 1.0);" in vcl and "app.add_backend(app2, 1.0);" in vcl
    assert "set req.backend_hint = app.backend();" in vcl


def test_varnish_vcl_takes_lists_separated_by_commas_as_a_unit_passes_them():
    result = manage(
        "varnish_vcl",
        "--backend",
        "10.0.0.11:8081, 10.0.0.12:8081",
        "--purger",
        "10.0.0.11,10.0.0.12,10.0.0.0/24",
        env={},
    )

    assert result.returncode == 0, result.stderr
    vcl = result.stdout
    assert 'backend app1 {\n    .host = "10.0.0.11";' in vcl
    assert 'backend app2 {\n    .host = "10.0.0.12";' in vcl
    assert '"10.0.0.12";' in vcl and '"10.0.0.0"/24;' in vcl


def test_varnish_vcl_refuses_an_address_without_a_port():
    result = manage("varnish_vcl", "--backend", "10.0.0.11", env={})

    assert result.returncode == 1
    assert "indiquez l’adresse du serveur sous la forme hôte:port" in result.stderr


@pytest.mark.parametrize(
    ("value", "jobs"),
    [
        ("purge_press_list=04:05", "purge_press_list 04:05 []"),
        ("axes_reset_logs=02:45", "axes_reset_logs 02:45 ['--age', '90']"),
        ("", ""),
    ],
)
def test_the_daily_jobs_come_from_the_environment(value, jobs):
    show = (
        "from django.conf import settings as s; "
        "print('jobs:', ';'.join(f\"{n} {j['at']} {j.get('args', [])}\" "
        "for n, j in s.SCHEDULED_JOBS.items()))"
    )
    result = manage("shell", "-c", show, env={"SCHEDULED_JOBS": value})

    assert result.returncode == 0, result.stderr
    assert f"jobs: {jobs}\n" in result.stdout


def test_check_refuses_a_daily_job_that_is_no_command():
    result = manage("check", env={"SCHEDULED_JOBS": "purge_all=03:00,purge_press_list=3h"})

    assert result.returncode == 1
    assert "« purge_all » n’est pas une commande de manage.py" in result.stderr
    assert "l’heure de « purge_press_list » ('3h') est illisible" in result.stderr
