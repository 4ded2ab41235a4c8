"""Back up and restore the whole site: the database, public media and private documents, together.

One tar archive holds them, each member with mode 0600 (it holds personal data):

    database/site.sqlite3 or database/site.pgdump   the database
    media/<name>                                    every file of STORAGES["default"]
    private/<name>                                  every file of STORAGES["private"]
    manifest.json                                   last: what it holds, with sizes and SHA-256

The database is copied by its own engine: SQLite's online backup API (the copy is then read for
the files its rows name), PostgreSQL's ``pg_dump -Fc`` of the snapshot of the transaction that
reads them, so the manifest says which files the archive's rows need. Files go through the
storage API, the same for the local disk and an S3-compatible store. A restore checks the whole
archive before it touches anything, writes the files (nothing is replaced yet), swaps the
database in one transaction, then removes the files the archive does not have; the erasure
journal (``core.erasures``) is kept, and ``restore_site`` replays it.
"""

import contextlib
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import django
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.core.files import File
from django.core.files.storage import storages
from django.db import connection, models, transaction
from django.db.backends.postgresql.client import DatabaseClient
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from core import erasures
from core.files.storage import STORE_ERRORS, private_storage, walk

FORMAT = 1
SITE = "namur-portal"
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database/site.sqlite3", "postgresql": "database/site.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Where each storage's files go in the archive.
PREFIXES = {"default": "media/", "private": "private/"}
# Rows `migrate` writes by itself: a site holding no other row and no file is empty.
MIGRATE_FILLS = {"auth.permission", "auth.group", "contenttypes.contenttype", "sites.site"}
CHUNK = 1024 * 1024
UNCHANGED = "Rien n’a été modifié."


class BackupError(Exception):
    """A failure told to the operator, in French."""


@dataclass
class Member:
    name: str
    size: int
    sha256: str


@dataclass
class Snapshot:
    engine: str
    migrations: list[str]
    rows: dict[str, int]
    references: dict[str, set[str]]


@dataclass
class RestoreReport:
    manifest: dict
    files_written: int = 0
    files_kept: int = 0
    files_removed: int = 0
    warnings: list[str] = field(default_factory=list)


def site_version() -> str:
    try:
        return metadata.version(SITE)
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a bare checkout
        return "inconnue"


def engine() -> str:
    """Return "sqlite" or "postgresql": the engine of the site's database."""
    return connection.vendor


def _storage_alias(file_field: models.FileField) -> str:
    return "private" if file_field.storage is private_storage else "default"


def _file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField) and model_field.model is model:
                yield model, model_field


def _models(tables: set[str] | None = None) -> Iterator[type[models.Model]]:
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        if tables is None or model._meta.db_table in tables:
            yield model


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def read_snapshot(cursor, tables: set[str]) -> Snapshot:
    """Read rows per model, migrations and the files rows name, through a DB-API ``cursor``.

    Plain SQL, so that it reads the site's database and SQLite's copy of it alike.
    """
    rows = {}
    for model in _models(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(model._meta.db_table)}")  # noqa: S608
        if count := cursor.fetchone()[0]:
            rows[model._meta.label_lower] = count
    references: dict[str, set[str]] = {alias: set() for alias in PREFIXES}
    for model, file_field in _file_fields():
        if model._meta.db_table in tables:
            column = _quote(file_field.column)
            cursor.execute(
                f"SELECT {column} FROM {_quote(model._meta.db_table)}"  # noqa: S608
                f" WHERE {column} IS NOT NULL AND {column} <> ''"
            )
            references[_storage_alias(file_field)].update(name for (name,) in cursor.fetchall())
    migrations = []
    if MigrationRecorder.Migration._meta.db_table in tables:
        cursor.execute("SELECT app, name FROM django_migrations")
        migrations = sorted(f"{app}.{name}" for app, name in cursor.fetchall())
    return Snapshot(engine="", migrations=migrations, rows=rows, references=references)


def current_snapshot() -> Snapshot:
    """Read the site's database as it is now."""
    with connection.cursor() as cursor:
        snapshot = read_snapshot(cursor, set(connection.introspection.table_names(cursor)))
    snapshot.engine = engine()
    return snapshot


# --- The database ------------------------------------------------------------------------------


def _postgresql_command(program: str, *arguments: str) -> tuple[list[str], dict]:
    """Return the command line and environment that run ``program`` on the site's database."""
    args, env = DatabaseClient.settings_to_cmd_args_env(connection.settings_dict, list(arguments))
    return [program, *args[1:]], {**os.environ, **(env or {})}


def _run(command: list[str], *, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(command, env=env, capture_output=True, check=False, **kwargs)  # noqa: S603
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} est introuvable : installez les outils clients de PostgreSQL "
            "(Debian, Ubuntu : postgresql-client), de la version du serveur ou plus récente."
        ) from None


def _error_lines(completed: subprocess.CompletedProcess) -> str:
    text = completed.stderr.decode(errors="replace").strip()
    return "\n".join(text.splitlines()[-5:]) or f"code de sortie {completed.returncode}"


def dump_database(path: Path) -> Snapshot:
    """Copy the database to ``path`` and return what it held, both from one snapshot."""
    connection.ensure_connection()
    if engine() == "sqlite":
        # One step copies every page under one read lock: a consistent copy, read afterwards.
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
            tables = {
                name
                for (name,) in target.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            snapshot = read_snapshot(target.cursor(), tables)
        finally:
            target.close()
        snapshot.engine = "sqlite"
        return snapshot
    if engine() != "postgresql":
        raise BackupError(f"Base de données non prise en charge : {connection.vendor}.")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot_id,) = cursor.fetchone()
        # pg_dump reads the very snapshot this transaction sees, while it stays open.
        command, env = _postgresql_command(
            "pg_dump", "--format=custom", f"--snapshot={snapshot_id}", f"--file={path}"
        )
        completed = _run(command, env=env)
        if completed.returncode:
            raise BackupError(f"pg_dump a échoué : {_error_lines(completed)}")
        snapshot = read_snapshot(cursor, set(connection.introspection.table_names(cursor)))
    snapshot.engine = "postgresql"
    return snapshot


def _check_database_file(kind: str, path: Path) -> None:
    """Refuse a database copy its own engine cannot read."""
    if kind == "sqlite":
        try:
            source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                result = source.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                source.close()
        except sqlite3.DatabaseError as error:
            result = str(error)
        if result != "ok":
            raise BackupError(f"La base SQLite de l’archive est illisible ({result}). {UNCHANGED}")
        return
    completed = _run(["pg_restore", "--list", str(path)])
    if completed.returncode:
        raise BackupError(
            f"La copie PostgreSQL de l’archive est illisible : {_error_lines(completed)}. "
            + UNCHANGED
        )


def load_database(kind: str, path: Path) -> None:
    """Replace the site's database by the copy at ``path``, all at once or not at all."""
    if kind == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        except sqlite3.Error as error:
            raise BackupError(
                f"La base SQLite n’a pas pu être remplacée ({error}) ; elle est restée telle "
                "quelle. Arrêtez le site et le worker, puis relancez."
            ) from error
        finally:
            source.close()
        return
    tables = connection.introspection.table_names()
    # No transaction of ours may hold a lock on a table psql drops.
    connection.close()
    script = _run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--file=-", path]
    )
    if script.returncode:
        raise BackupError(f"pg_restore a échoué : {_error_lines(script)}. {UNCHANGED}")
    # Tables the archive lacks (a newer migration's) go too; all in one transaction.
    arguments = ["-X", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction"]
    if tables:
        quoted = ", ".join(connection.ops.quote_name(table) for table in tables)
        arguments += [f"--command=DROP TABLE IF EXISTS {quoted} CASCADE"]
    command, env = _postgresql_command("psql", *arguments, "--file=-")
    completed = _run(command, env=env, input=script.stdout)
    if completed.returncode:
        raise BackupError(
            "La restauration de la base PostgreSQL a échoué ; la base est restée telle quelle. "
            f"psql : {_error_lines(completed)}"
        )


# --- Writing an archive ------------------------------------------------------------------------


def _tarinfo(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(datetime.now(tz=UTC).timestamp())
    return info


def _add(tar: tarfile.TarFile, name: str, source: BinaryIO, work_dir: Path) -> Member:
    """Add ``source`` as member ``name``, hashing it on the way."""
    digest = hashlib.sha256()
    with tempfile.SpooledTemporaryFile(max_size=16 * CHUNK, dir=work_dir) as buffer:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            buffer.write(chunk)
        size = buffer.tell()
        buffer.seek(0)
        tar.addfile(_tarinfo(name, size), buffer)
    return Member(name=name, size=size, sha256=digest.hexdigest())


def write_archive(output: BinaryIO, *, work_dir: Path, log: Callable[[str], None]) -> dict:
    """Write the site's archive to ``output`` (a stream); return its manifest."""
    kind = engine()
    if kind not in DATABASE_MEMBERS:
        raise BackupError(f"Base de données non prise en charge : {kind}.")
    created = datetime.now(tz=UTC)
    database_copy = work_dir / "database"
    snapshot = dump_database(database_copy)
    log(f"Base {ENGINE_NAMES[kind]} copiée ({sum(snapshot.rows.values())} lignes).")
    members = []
    stored: dict[str, dict] = {}
    missing: dict[str, list[str]] = {}
    with tarfile.open(fileobj=output, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        with database_copy.open("rb") as source:
            members.append(_add(tar, DATABASE_MEMBERS[kind], source, work_dir))
        database_copy.unlink()
        for alias, prefix in PREFIXES.items():
            storage = storages[alias]
            names = []
            try:
                for name in sorted(walk(storage)):
                    with storage.open(name, "rb") as source:
                        members.append(_add(tar, prefix + name, source, work_dir))
                    names.append(name)
            except STORE_ERRORS as error:
                raise BackupError(
                    f"Le stockage « {alias} » n’a pas pu être lu ({error}) ; aucune archive "
                    "n’a été écrite."
                ) from error
            size = sum(m.size for m in members if m.name.startswith(prefix))
            stored[alias] = {"files": len(names), "bytes": size}
            # Named by a row but not stored: lost before, or deleted since the snapshot.
            if gone := sorted(snapshot.references[alias] - set(names)):
                missing[alias] = gone
            log(f"Fichiers « {alias} » : {len(names)}.")
        manifest = {
            "format": FORMAT,
            "site": SITE,
            "version": site_version(),
            "django": django.get_version(),
            "created": created.isoformat(),
            "database": {
                "engine": kind,
                "member": DATABASE_MEMBERS[kind],
                "migrations": snapshot.migrations,
                "rows": snapshot.rows,
            },
            "storages": stored,
            "missing": missing,
            "members": [vars(member) for member in members],
        }
        body = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
        tar.addfile(_tarinfo(MANIFEST, len(body)), io.BytesIO(body))
    return manifest


# --- Reading and restoring an archive ----------------------------------------------------------


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == str(path)


class Archive:
    """A backup archive opened for reading; its manifest is read and checked at once."""

    def __init__(self, path: Path):
        self.path = path
        if not path.is_file():
            raise BackupError(f"Archive introuvable : {path}. {UNCHANGED}")
        try:
            with self._open() as tar:
                member = tar.getmember(MANIFEST)
                manifest = json.load(tar.extractfile(member))
        except KeyError:
            raise BackupError(
                f"{path} ne contient pas de manifeste ({MANIFEST}) : archive incomplète (copie "
                f"interrompue ?) ou qui n’est pas une sauvegarde du site. {UNCHANGED}"
            ) from None
        except (tarfile.TarError, EOFError, zlib.error, ValueError) as error:
            raise BackupError(
                f"{path} n’est pas une archive de sauvegarde lisible : endommagée, tronquée (copie "
                f"interrompue ?) ou d’un autre format. {UNCHANGED}"
            ) from error
        except OSError as error:
            raise BackupError(
                f"{path} ne peut pas être lue ({error.strerror}). {UNCHANGED}"
            ) from error
        if not isinstance(manifest, dict) or manifest.get("site") != SITE:
            raise BackupError(f"{path} n’est pas une sauvegarde de ce site. {UNCHANGED}")
        if manifest.get("format") != FORMAT:
            raise BackupError(
                f"Format d’archive {manifest.get('format')} inconnu de cette version du site "
                f"(format {FORMAT}). {UNCHANGED}"
            )
        self.manifest = manifest
        self.members = {item["name"]: item for item in manifest["members"]}
        if not all(_safe_name(name) for name in self.members):
            raise BackupError(f"L’archive nomme des fichiers hors de ses dossiers. {UNCHANGED}")

    def _open(self) -> tarfile.TarFile:
        return tarfile.open(self.path, mode="r:*")

    @property
    def engine(self) -> str:
        return self.manifest["database"]["engine"]

    def files(self, alias: str) -> dict[str, str]:
        """Return the names of ``alias``'s files in the archive and their SHA-256."""
        prefix = PREFIXES[alias]
        return {
            name.removeprefix(prefix): item["sha256"]
            for name, item in self.members.items()
            if name.startswith(prefix)
        }

    def verify(self, *, database_copy: Path) -> None:
        """Check every member against the manifest; extract the database to ``database_copy``."""
        seen = set()
        try:
            with self._open() as tar:
                for info in tar:
                    if info.name == MANIFEST:
                        continue
                    expected = self.members.get(info.name)
                    if expected is None or not info.isfile():
                        raise BackupError(
                            f"L’archive contient « {info.name} », que son manifeste ne cite pas. "
                            + UNCHANGED
                        )
                    target = None
                    if info.name == self.manifest["database"]["member"]:
                        target = database_copy.open("wb")
                    with contextlib.closing(target) if target else contextlib.nullcontext():
                        digest, size = _hash(tar.extractfile(info), copy_to=target)
                    if size != expected["size"] or digest != expected["sha256"]:
                        raise BackupError(
                            f"L’archive est corrompue : « {info.name} » ne correspond pas à son "
                            f"empreinte SHA-256 dans le manifeste. {UNCHANGED}"
                        )
                    seen.add(info.name)
        except (tarfile.TarError, EOFError, zlib.error) as error:
            raise BackupError(
                f"L’archive est endommagée ou tronquée (copie interrompue ?). {UNCHANGED}"
            ) from error
        if lacking := sorted(set(self.members) - seen):
            raise BackupError(
                f"L’archive est incomplète : il manque « {lacking[0]} »"
                + (f" et {len(lacking) - 1} autre(s) fichier(s)" if len(lacking) > 1 else "")
                + f". {UNCHANGED}"
            )
        _check_database_file(self.engine, database_copy)

    def each_file(self) -> Iterator[tuple[str, str, BinaryIO]]:
        """Yield ``(alias, name, content)`` for every stored file of the archive."""
        with self._open() as tar:
            for info in tar:
                for alias, prefix in PREFIXES.items():
                    if info.name.startswith(prefix) and info.name in self.members:
                        yield alias, info.name.removeprefix(prefix), tar.extractfile(info)


def _hash(source: BinaryIO, *, copy_to: BinaryIO | None = None) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if copy_to is not None:
            copy_to.write(chunk)
    return digest.hexdigest(), size


def site_contents() -> tuple[int, int]:
    """Return the rows (other than those `migrate` writes) and files the site holds now."""
    rows = sum(
        count for label, count in current_snapshot().rows.items() if label not in MIGRATE_FILLS
    )
    files = sum(
        1
        for alias in PREFIXES
        for name in walk(storages[alias])
        if not (alias == "private" and erasures.is_entry(name))
    )
    return rows, files


def _check_migrations(archive: Archive) -> None:
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    if unknown := sorted(set(archive.manifest["database"]["migrations"]) - known):
        raise BackupError(
            f"Cette archive vient d’une version plus récente du site ({archive.manifest['version']}"
            f" : migration {unknown[0]} inconnue ici). Installez cette version ou une plus récente,"
            f" puis relancez. {UNCHANGED}"
        )


def check(archive: Archive, *, replace: bool, database_copy: Path) -> None:
    """Refuse, before anything is touched, what cannot or should not be restored."""
    if archive.engine != engine():
        raise BackupError(
            f"Cette archive contient une base {ENGINE_NAMES.get(archive.engine, archive.engine)} ;"
            f" ce site utilise {ENGINE_NAMES.get(engine(), engine())} (DATABASE_URL). Restaurez-la"
            f" sur un site du même moteur. {UNCHANGED}"
        )
    _check_migrations(archive)
    archive.verify(database_copy=database_copy)
    if not replace:
        rows, files = site_contents()
        if rows or files:
            raise BackupError(
                f"Ce site n’est pas vide ({rows} ligne(s) en base, {files} fichier(s)) : la "
                "restauration remplacerait tout son contenu par celui de l’archive. Relancez avec "
                f"--yes pour le remplacer. {UNCHANGED}"
            )


def _same_file(storage, name: str, sha256: str) -> bool:
    if not storage.exists(name):
        return False
    with storage.open(name, "rb") as current:
        return _hash(current)[0] == sha256


def write_files(archive: Archive, report: RestoreReport) -> None:
    """Store every file of the archive under its own name; replace nothing else yet."""
    try:
        for alias, name, content in archive.each_file():
            storage = storages[alias]
            if _same_file(storage, name, archive.files(alias)[name]):
                report.files_kept += 1
                continue
            if storage.exists(name):
                storage.delete(name)
            stored = storage.save(name, File(content, name=name))
            if stored != name:
                storage.delete(stored)
                raise BackupError(
                    f"Le stockage « {alias} » a enregistré « {name} » sous un autre nom "
                    f"(« {stored} ») ; la base n’a pas été touchée."
                )
            report.files_written += 1
    except STORE_ERRORS as error:
        raise BackupError(
            f"Le stockage des fichiers a échoué ({error}) ; la base n’a pas été touchée et les "
            "fichiers déjà présents sont restés. Relancez la restauration quand il répond."
        ) from error


def remove_other_files(archive: Archive, report: RestoreReport) -> None:
    """Delete the stored files the archive does not hold, except the erasure journal."""
    for alias in PREFIXES:
        storage = storages[alias]
        keep = archive.files(alias)
        for name in list(walk(storage)):
            if name in keep or (alias == "private" and erasures.is_entry(name)):
                continue
            storage.delete(name)
            report.files_removed += 1


def restore(archive: Archive, *, replace: bool, work_dir: Path) -> RestoreReport:
    """Make the site what ``archive`` holds; the erasure journal is kept and replayed after."""
    database_copy = work_dir / "database"
    check(archive, replace=replace, database_copy=database_copy)
    report = RestoreReport(manifest=archive.manifest)
    write_files(archive, report)
    load_database(archive.engine, database_copy)
    database_copy.unlink()
    ContentType.objects.clear_cache()
    Site.objects.clear_cache()
    expected = archive.manifest["database"]["rows"]
    if (found := current_snapshot().rows) != expected:
        differing = sorted(set(found.items()) ^ set(expected.items()))
        report.warnings.append(
            f"Nombres de lignes différents de ceux du manifeste : {differing[:5]}"
        )
    remove_other_files(archive, report)
    return report


def work_directory(near: Path | None) -> tempfile.TemporaryDirectory:
    """Return a private (0700) folder for the database copy, on ``near``'s disk if given."""
    return tempfile.TemporaryDirectory(prefix=".namur-backup-", dir=near)
