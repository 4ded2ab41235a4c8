"""The database down: every page, form post and the admin answer the French 503, never a 500."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models.signals import pre_save
from django.test import Client
from django.utils import timezone

from accreditations.models import AccreditationRequest
from tests.accreditations.conftest import PDF, form_data, jpeg_bytes
from tests.accreditations.factories import EventFactory
from tests.support.processes import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(
    scope="module",
    params=["postgresql", "sqlite"],
    ids=["postgresql-port-closed", "sqlite-folder-missing"],
)
def unreachable_database(request, tmp_path_factory) -> str:
    if request.param == "postgresql":
        return f"postgres://postgres@127.0.0.1:{free_port()}/namur"
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'dossier-absent' / 'db.sqlite3'}"


@pytest.fixture(scope="module")
def visit(unreachable_database, tmp_path_factory):
    """Run the site in a process whose database cannot be reached, and return what it answered."""
    tmp_path = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "tests.site.outage_client"],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "namur_site.settings",
            "DATABASE_URL": unreachable_database,
            "DEBUG": "False",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


PAGES = ["home", "news", "legal page", "admin login", "admin change list"]
POSTS = ["admin sign-in", "accreditation"]


@pytest.mark.parametrize("name", PAGES + POSTS)
def test_the_site_answers_its_french_503(visit, name):
    response = visit["responses"][name]
    html = unescape(response["text"])

    assert response["status"] == 503
    assert response["headers"]["Retry-After"] == "120"
    assert "no-store" in response["headers"]["Cache-Control"]
    assert "<h1>Service momentanément indisponible</h1>" in html
    assert "rien n’a été enregistré" in html
    assert "Réessayez dans quelques minutes." in html
    assert '<main id="contenu"' in html
    assert "Traceback" not in html
    assert "OperationalError" not in html


def test_an_accreditation_post_leaves_no_file_behind(visit):
    assert visit["responses"]["accreditation"]["status"] == 503
    assert visit["stored_files"] == []


def test_the_health_check_says_the_database_is_down(visit):
    response = visit["responses"]["healthz"]

    assert response["status"] == 503
    assert response["text"] == (
        "database: indisponible\ncache: ok\nworker: indisponible\nqueue: indisponible\n"
        "last poll: inconnu\n"
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a SQLite database cannot be taken away from the process that opened it",
)
def test_the_database_lost_while_saving_a_request_leaves_nothing_half_stored(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    now = timezone.now()
    event = EventFactory(
        accreditation_opens=now - timedelta(days=1),
        accreditation_closes=now + timedelta(days=5),
        starts=now + timedelta(days=7),
        requires_id_document=True,
    )
    data = form_data(
        event,
        press_card_number="",
        assignment_letter=SimpleUploadedFile("lettre.pdf", PDF, "application/pdf"),
        id_document=SimpleUploadedFile("carte.jpg", jpeg_bytes(), "image/jpeg"),
    )

    def lose_the_connection(sender, instance, **kwargs):
        # The documents are written by now; the server ends this session, as a restart would.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")

    pre_save.connect(lose_the_connection, sender=AccreditationRequest)
    try:
        response = Client(raise_request_exception=False).post(event.get_form_url(), data)
    finally:
        pre_save.disconnect(lose_the_connection, sender=AccreditationRequest)

    assert response.status_code == 503
    assert "rien n’a été enregistré" in unescape(response.content.decode())
    assert not AccreditationRequest.objects.exists()
    assert [name for _, _, names in os.walk(tmp_path / "private") for name in names] == []
