"""Configuration from the environment: production refuses to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3#Vq9!pZ2@wL8$rT5^yN1&mB7*cX4(hJ6)fD0_sG-eA+uQ=oI"


def manage(*args, env):
    """Run manage.py with only the given variables (plus PATH) in its environment."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "DATABASE_URL": "sqlite:///:memory:", **env},
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


def test_production_deploy_check_reports_only_the_hsts_preload_note():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "ERROR",
        env={
            "DJANGO_ENV": "production",
            "SECRET_KEY": STRONG_KEY,
            "ALLOWED_HOSTS": "actualites.namur.be",
            "DEBUG": "True",
        },
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "security.W021" in output
    assert "System check identified 1 issue" in output, output


def test_production_turns_debug_off_whatever_is_set():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        env={
            "DJANGO_ENV": "production",
            "SECRET_KEY": STRONG_KEY,
            "ALLOWED_HOSTS": "actualites.namur.be",
            "DEBUG": "True",
        },
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
