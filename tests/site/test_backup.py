"""The restore drill: fill a site, back it up, wipe it, restore it; the same pages and documents.

It runs on the database of the session (SQLite, or PostgreSQL with DATABASE_URL) and with the
files on the local disk or in an S3-compatible store (moto, tests/support/s3.py).
"""

import io
import re
import stat
import tarfile
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from accreditations.models import AccreditationRequest
from core.files.storage import walk
from namur_site import demo
from news.models import Article
from tests.accreditations.factories import AccreditationRequestFactory, EventFactory
from tests.accreditations.test_storage_failures import send
from tests.news.factories import ArticleFactory, TopicFactory
from tests.press.factories import PressReleaseFactory
from tests.support.s3 import PRIVATE_BUCKET, object_storage  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

DOCUMENT_URL = "/admin/accreditations/accreditationrequest/{pk}/document/{field}/"
# What differs between two renderings of one page: the CSP nonce and CSRF token of the request.
PER_REQUEST = re.compile(r'(nonce="|name="csrfmiddlewaretoken" value=")[^"]*"')


@pytest.fixture(autouse=True)
def own_folders(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


@pytest.fixture(params=["disque", "s3"])
def files(request):
    """Run a test with the files on the local disk, then in an S3-compatible store."""
    if request.param == "s3":
        return request.getfixturevalue("object_storage")
    return None


@pytest.fixture
def archives(tmp_path):
    folder = tmp_path / "archives"
    folder.mkdir()
    return folder


def back_up(folder: Path) -> Path:
    call_command("backup_site", str(folder), stdout=io.StringIO())
    (archive,) = folder.glob("*.tar")
    return archive


def restore(archive: Path, *options: str) -> str:
    output = io.StringIO()
    call_command("restore_site", str(archive), *options, stdout=output)
    return output.getvalue()


def stored() -> dict[str, dict[str, bytes]]:
    """Return every stored file's bytes, by storage."""
    contents = {}
    for alias in ("default", "private"):
        storage = storages[alias]
        contents[alias] = {}
        for name in walk(storage):
            with storage.open(name, "rb") as file:
                contents[alias][name] = file.read()
    return contents


def wipe() -> None:
    """Lose everything: every row, every file."""
    call_command("flush", interactive=False)
    wipe_files()


def wipe_files() -> None:
    for alias in ("default", "private"):
        for name in list(walk(storages[alias])):
            storages[alias].delete(name)


def drop_every_table() -> None:
    """Lose the database itself: not a table left, as on a new server."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tables = ", ".join(
                map(connection.ops.quote_name, connection.introspection.table_names())
            )
            cursor.execute(f"DROP TABLE {tables} CASCADE")
            return
        cursor.execute("PRAGMA foreign_keys = OFF")
        # Full-text indexes first: their own tables go with them.
        cursor.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
        for table in [name for (name,) in cursor.fetchall()] + list(
            connection.introspection.table_names(cursor)
        ):
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)}")
        cursor.execute("PRAGMA foreign_keys = ON")
    assert connection.introspection.table_names() == []


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return PER_REQUEST.sub(r"\1…", response.content.decode())


def fill(client) -> tuple[AccreditationRequest, Article]:
    """Fill a site as the office does: legal pages, news with images, a release, a request."""
    demo.load()
    topic = TopicFactory(name="Mobilité", slug="mobilite")
    ArticleFactory(topic=topic, with_image=True, tags=["travaux"])
    article = ArticleFactory(title="Le pont de Jambes rouvert", topic=topic, with_image=True)
    PressReleaseFactory(topic=topic)
    event = EventFactory(slug="visite-securisee", requires_id_document=True)
    assert send(client, event).status_code == 302
    return AccreditationRequest.objects.get(event=event), article


def test_a_wiped_site_comes_back_from_its_archive(
    client, make_staff, django_user_model, archives, files
):
    accreditation, article = fill(client)
    paths = [
        "/",
        "/actualites/",
        article.get_absolute_url(),
        "/actualites/tag/travaux/",
        "/presse/",
        "/pages/vie-privee/",
        "/recherche/?q=pont",
    ]
    pages = {path: page(client, path) for path in paths}
    assert "Le pont de Jambes rouvert" in pages["/recherche/?q=pont"]
    before = stored()
    assert before["private"] and article.image.file.name in before["default"]
    make_staff("presse", "view_accreditationrequest", "download_documents")

    archive = back_up(archives)
    wipe()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert stored() == {"default": {}, "private": {}}

    output = restore(archive)

    assert "Restauration terminée." in output
    assert stored() == before
    for path in paths:
        assert page(client, path) == pages[path], path
    # The documents come back, and still only through the permission-checked view.
    accreditation.refresh_from_db()
    for field, document in accreditation.documents():
        url = DOCUMENT_URL.format(pk=accreditation.pk, field=field)
        assert client.get(url).status_code == 302  # to the sign-in page
        assert document.name in before["private"]
        client.force_login(django_user_model.objects.get(username="presse"))
        response = client.get(url)
        client.logout()
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == before["private"][document.name]
    if files is not None:
        for name in before["private"]:
            request = f"{files.endpoint_url}/{PRIVATE_BUCKET}/{name}"
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=5)  # noqa: S310 - the test's store
            assert refused.value.code == 403


def test_a_site_whose_database_is_gone_comes_back_on_an_empty_one(client, archives):
    article = ArticleFactory(with_image=True)
    event = EventFactory(slug="visite-securisee", requires_id_document=True)
    assert send(client, event).status_code == 302
    html = page(client, article.get_absolute_url())
    archive = back_up(archives)
    drop_every_table()
    wipe_files()

    restore(archive)

    assert page(client, article.get_absolute_url()) == html
    assert AccreditationRequest.objects.get().id_document.read()


def test_the_archive_and_each_file_in_it_are_readable_by_their_owner_only(client, archives):
    event = EventFactory(slug="visite-securisee", requires_id_document=True)
    assert send(client, event).status_code == 302

    archive = back_up(archives)

    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        members = tar.getmembers()
        manifest = tar.extractfile("manifest.json").read().decode()
    assert {member.mode for member in members} == {0o600}
    names = [member.name for member in members]
    assert names[-1] == "manifest.json"
    assert sum(name.startswith("private/accreditations/") for name in names) == 2
    assert '"accreditations.accreditationrequest": 1' in manifest
    assert not list(archives.glob(".*")), "no working folder left"


def test_a_backup_never_overwrites_an_archive(archives):
    (archives / "lundi.tar").write_bytes(b"hier")

    with pytest.raises(CommandError, match="existe déjà"):
        call_command("backup_site", str(archives / "lundi.tar"), stdout=io.StringIO())

    assert (archives / "lundi.tar").read_bytes() == b"hier"
    assert sorted(path.name for path in archives.iterdir()) == ["lundi.tar"]


@pytest.mark.parametrize(
    ("destination", "expected"),
    [
        ("absent/", "Le dossier"),
        ("absent/site.tar", "Le dossier"),
        ("site.zip", "Nommez l’archive"),
    ],
)
def test_a_backup_says_where_it_cannot_write(archives, destination, expected):
    with pytest.raises(CommandError, match=expected):
        call_command("backup_site", f"{archives}/{destination}", stdout=io.StringIO())

    assert list(archives.iterdir()) == []


def test_a_backup_to_the_standard_output_goes_to_an_encrypting_program(
    archives, capsysbinary, make_staff, django_user_model
):
    make_staff("presse")

    call_command("backup_site", "-", stdout=io.StringIO(), stderr=io.StringIO())

    archive = archives / "chiffrable.tar"
    archive.write_bytes(capsysbinary.readouterr().out)
    wipe()
    restore(archive)
    assert django_user_model.objects.get().username == "presse"


# --- What a restore refuses, and that it then changed nothing ----------------------------------


@pytest.fixture
def site(client, archives):
    """A site with a request and its documents, its archive, and what it holds now."""
    event = EventFactory(slug="visite-securisee", requires_id_document=True)
    assert send(client, event).status_code == 302
    ArticleFactory(with_image=True)
    archive = back_up(archives)
    return archive


def state() -> tuple:
    return (
        sorted(AccreditationRequest.objects.values_list("reference", "email")),
        sorted(Article.objects.values_list("slug", flat=True)),
        stored(),
    )


def rewrite(archive: Path, target: Path, *, member: str | None = None, manifest=None) -> Path:
    """Copy ``archive`` to ``target``, with one member's bytes or the manifest changed."""
    with tarfile.open(archive) as source, tarfile.open(target, "w") as copy:
        for info in source.getmembers():
            data = source.extractfile(info).read()
            if info.name == member:
                data = data[:-1] + bytes([data[-1] ^ 1])
            if info.name == "manifest.json" and manifest is not None:
                data = manifest(data.decode()).encode()
            info.size = len(data)
            copy.addfile(info, io.BytesIO(data))
    return target


def refused(archive, *options) -> str:
    with pytest.raises(CommandError) as error:
        restore(archive, *options)
    return str(error.value)


def test_a_restore_over_a_site_with_content_asks_for_yes(site):
    ArticleFactory(slug="apres-la-sauvegarde")
    before = state()

    message = refused(site)

    assert "Ce site n’est pas vide" in message
    assert "--yes" in message
    assert "Rien n’a été modifié." in message
    assert state() == before
    restore(site, "--yes")
    assert not Article.objects.filter(slug="apres-la-sauvegarde").exists()


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        ("missing", "Archive introuvable"),
        ("not-a-tar", "n’est pas une archive de sauvegarde lisible"),
        ("truncated", "n’est pas une archive de sauvegarde lisible"),
        ("altered", "ne correspond pas à son empreinte SHA-256"),
        ("other-engine", "Restaurez-la sur un site du même moteur"),
        ("newer-version", "vient d’une version plus récente du site"),
    ],
)
def test_a_bad_archive_is_refused_in_french_before_anything_changes(
    site, tmp_path, damage, expected
):
    target = tmp_path / f"{damage}.tar"
    if damage == "not-a-tar":
        target.write_bytes(b"Ceci n'est pas une archive.\n" * 100)
    elif damage == "truncated":
        target.write_bytes(site.read_bytes()[: site.stat().st_size // 2])
    elif damage == "altered":
        with tarfile.open(site) as tar:
            document = next(n for n in tar.getnames() if n.startswith("private/"))
        rewrite(site, target, member=document)
    elif damage == "other-engine":
        rewrite(
            site,
            target,
            manifest=lambda text: re.sub(
                r'"engine": "(\w+)"',
                lambda m: '"engine": "%s"' % ("sqlite" if m[1] == "postgresql" else "postgresql"),
                text,
            ),
        )
    elif damage == "newer-version":
        rewrite(
            site,
            target,
            manifest=lambda text: text.replace(
                '"migrations": [', '"migrations": [\n  "news.9999_from_the_future",'
            ),
        )
    before = state()

    message = refused(target, "--yes")

    assert expected in message
    assert "Rien n’a été modifié." in message
    assert state() == before


# --- Erasures and retention after a restore ----------------------------------------------------


def test_a_restore_erases_again_what_was_erased_after_the_archive(site):
    from accreditations.personal_data import anonymise
    from press.presslist.models import Subscriber
    from press.presslist.services import erase

    subscriber = Subscriber.objects.create(
        email="ancien@example.org", name="Abonné parti", confirmed_at=timezone.now()
    )
    accreditation = AccreditationRequest.objects.get()
    documents = [document.name for _field, document in accreditation.documents()]
    folder = site.parent / "apres-abonnement"
    folder.mkdir()
    archive = back_up(folder)
    # After the archive: the journalist and the subscriber ask for their data to be erased.
    anonymise(accreditation=accreditation)
    erase(subscribers=[subscriber])

    output = restore(archive, "--yes")

    assert "2 effacement(s) postérieur(s) à l’archive appliqué(s) à nouveau" in output
    accreditation.refresh_from_db()
    assert accreditation.anonymised_at is not None
    assert accreditation.email == ""
    assert not any(name in stored()["private"] for name in documents)
    assert not Subscriber.objects.filter(email="ancien@example.org").exists()
    # The journal holds no personal data, and stays after the restore.
    journal = {name: data for name, data in stored()["private"].items() if "erasures/" in name}
    assert len(journal) == 2
    assert not any(b"ancien" in data or b"Claire" in data for data in journal.values())


def test_a_restore_applies_the_retention_rules_again(archives, settings):
    past = timezone.now() - timedelta(days=settings.ACCREDITATION_RETENTION_DAYS + 10)
    old = AccreditationRequestFactory(
        event=EventFactory(
            accreditation_opens=past - timedelta(days=10),
            accreditation_closes=past - timedelta(days=3),
            starts=past - timedelta(days=1),
        )
    )
    archive = back_up(archives)
    wipe()

    output = restore(archive)

    assert "1 demande(s) anonymisées" in output
    old.refresh_from_db()
    assert old.anonymised_at is not None
