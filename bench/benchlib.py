"""What the serving benchmarks share: the bench database, its content, and the servers.

Django runs in this process with the same production settings as the gunicorn instances it
starts (DJANGO_ENV=production, the bench database and Redis cache, VARNISH_URLS), so that a save
made here purges Varnish exactly as an edit in the admin would. Every server (gunicorn, Varnish,
nginx, redis-server) listens on 127.0.0.1 only and is stopped, with its process group, when the
``Servers`` block ends.
"""

import atexit
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the harness shared with the tests: tests/support/

from tests.support.processes import free_port, start, stop  # noqa: E402
from tests.support.redis_server import redis_command  # noqa: E402
from tests.support.relay import Relay  # noqa: E402, F401 - drills.py takes it from here
from tests.support.varnish import varnish_command, varnishd_path  # noqa: E402

BIN = Path(sys.executable).parent
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/namur_bench"
)
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/3")
FIRST_PORT = int(os.environ.get("BENCH_PORT", "8090"))
WORKERS = os.environ.get("GUNICORN_WORKERS", "2")
THREADS = os.environ.get("GUNICORN_THREADS", "4")
# Servers wrk loads directly (the floor, the site without Varnish) take at most their share of
# wrk's connections in each process: gunicorn's default (1,000) lets one process accept most of
# them and leave the other idle, a lottery that swung the floor from 2,000 to 7,000 requests per
# second between two loads. Not behind Varnish: there, as with `make serve`, gunicorn keeps its
# default, or Varnish's health probe could not even connect while Varnish fetches pages.
WORKER_CONNECTIONS = str(
    max(int(THREADS), int(os.environ.get("BENCH_CONNECTIONS", "16")) // int(WORKERS))
)
EVEN_SPREAD = {"GUNICORN_WORKER_CONNECTIONS": WORKER_CONNECTIONS}
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))
RELEASES = int(os.environ.get("BENCH_RELEASES", str(max(1, ARTICLES // 10))))
SECRET_KEY = secrets.token_urlsafe(50)
STATIC_ROOT = tempfile.mkdtemp(prefix="namur-bench-static-")
atexit.register(shutil.rmtree, STATIC_ROOT, ignore_errors=True)

WORDS = (
    "ville namur citadelle meuse sambre travaux chantier rue place conseil communal budget "
    "élection échevin bourgmestre culture théâtre concert exposition musée bibliothèque piscine "
    "sport stade vélo piste cyclable bus navette parking gare piéton mobilité environnement parc "
    "arbre biodiversité propreté déchets collecte énergie rénovation école jeunesse senior noël "
    "marché fête wallonie patrimoine quartier habitants commerçants sécurité police pompiers "
    "hiver été printemps automne festival cinéma danse atelier enfants famille santé solidarité"
).split()
TOPICS = [
    ("Vie communale", "vie-communale"),
    ("Mobilité", "mobilite"),
    ("Travaux", "travaux"),
    ("Culture", "culture"),
    ("Environnement", "environnement"),
    ("Sport", "sport"),
    ("Jeunesse", "jeunesse"),
    ("Sécurité", "securite"),
]


def production_env(**extra: str) -> dict[str, str]:
    """Return the environment of a production instance on the bench database and cache."""
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "namur_site.settings",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "DATABASE_URL": DATABASE_URL,
        "CACHE_URL": CACHE_URL,
        "STATIC_ROOT": STATIC_ROOT,
        "PAGE_CACHE_SECONDS": "600",
        "GUNICORN_WORKERS": WORKERS,
        "GUNICORN_THREADS": THREADS,
        "GUNICORN_ACCESS_LOG": "",
        "LOG_LEVEL": "WARNING",
        "VARNISH_URLS": f"http://127.0.0.1:{SITE_VARNISH_PORT}",
    }
    env.update(extra)
    return env


def setup_django() -> None:
    """Configure Django in this process as the instances run it."""
    os.environ.update(production_env())
    import django

    django.setup()


def create_database() -> None:
    import psycopg
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("BENCH_DATABASE_URL doit désigner une base PostgreSQL.")
    name = connection.settings_dict["NAME"]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare() -> None:
    """Create and migrate the bench database, collect the static files."""
    from django.core.management import call_command

    create_database()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def logged_errors(log: Path) -> dict[str, int]:
    """Return each kind of error ``log`` holds with a traceback — the logger and message, then
    the final exception, addresses and ids left out — with its count."""
    found: dict[str, int] = {}
    records = re.split(r"\n(?=\d{4}-\d\d-\d\dT)", log.read_text(errors="replace"))
    for record in records:
        if "Traceback (most recent call last)" not in record:
            continue
        header = re.sub(r"^\S+ (\w+ \S+) \[[^]]*\] ", r"\1 ", record.split("\n", 1)[0])
        final = [line for line in record.splitlines() if line and not line[0].isspace()][-1]
        header = re.sub(r": /\S*", "", header)  # the same for every address
        line = f"{header[:90]} → {final[:120]}"
        line = re.sub(r"127\.0\.0\.1:\d+|port \d+|/\d+/", "…", line)
        found[line] = found.get(line, 0) + 1
    return found


# --- Content -----------------------------------------------------------------------------------


def is_filled() -> bool:
    from news.models import Article, TaggedArticle
    from press.models import PressRelease

    return (
        Article.objects.filter(slug__startswith="bench-").count() >= ARTICLES
        and TaggedArticle.objects.exists()
        and PressRelease.objects.filter(slug__startswith="cp-bench-").count() >= RELEASES
    )


def _sentence(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(low, high))).capitalize() + "."


def _body(rng: random.Random) -> str:
    paragraphs = [f"<p>{_sentence(rng, 18, 40)}</p>" for _ in range(5)]
    paragraphs.insert(2, f"<h2>{_sentence(rng, 3, 6)[:-1]}</h2>")
    return "".join(paragraphs)


# The press contacts' texts a release's page shows, as its search document reads them.
CONTACT_TEXTS = [
    "Anne Lambert Attachée de presse Service presse de la Ville de Namur",
    "Marc Dubois Porte-parole Service presse de la Ville de Namur",
    "Sophie Renard Attachée de presse Service presse de la Ville de Namur",
]


def _document(model, values: dict, related: list[str]) -> str:
    """Return the search document of a row about to be copied, as PostgreSQL holds it.

    ``values`` are the row's own fields; ``related`` the texts its related rows add at the end
    of the last line (contacts, tags), which ``SearchDocumentField`` reads once the row exists.
    """
    from django.utils.html import escape

    from core.search.search import SEPARATOR

    lines = model._meta.get_field("search_document").texts(model(**values))
    lines[-1] = SEPARATOR.join(text for text in [lines[-1], *related] if text)
    return "\n".join(escape(line) for line in lines)


def fill() -> float:
    """Replace the bench content with ARTICLES articles and RELEASES releases; return seconds.

    Rows are streamed with COPY, ids given, rather than saved one by one, each with its search
    document (what a reader sees of it, as ``SearchDocumentField`` writes it), from which the
    trigger computes ``search_vector`` as the row is copied: writing the documents afterwards,
    500 rows at a time, took hours at a million articles. No images: articles without one are a
    normal case.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    from news.models import Article
    from press.models import PressRelease

    started = time.perf_counter()
    rng = random.Random(8)
    now = timezone.now()
    tag_names = [*WORDS, *(f"{a} {b}" for a, b in zip(WORDS, WORDS[7:], strict=False))][:150]
    # A few tags carry many items, most carry few, as on a real site.
    tag_weights = [1 / (rank + 1) for rank in range(len(tag_names))]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE news_topic, news_article, news_taggedarticle, news_article_related,"
            " press_pressrelease, press_taggedpressrelease, press_releasecontact,"
            " press_presscontact, press_attachment, press_correctionnote, taggit_tag"
            " RESTART IDENTITY CASCADE"
        )
        with cursor.copy("COPY news_topic (id, name, slug, description) FROM STDIN") as copy:
            for pk, (name, slug) in enumerate(TOPICS, 1):
                copy.write_row((pk, name, slug, f"Les actualités « {name} » de la Ville."))
        with cursor.copy("COPY taggit_tag (id, name, slug) FROM STDIN") as copy:
            for pk, name in enumerate(tag_names, 1):
                slug = name.replace(" ", "-").translate(str.maketrans("éèêëàâçôîù", "eeeeaacoiu"))
                copy.write_row((pk, name, slug))

        def tags_of(count: int) -> set[int]:
            return {pk + 1 for pk in rng.choices(range(len(tag_names)), tag_weights, k=count)}

        article_tags = []
        columns = (
            "id, title, slug, status, publication_date, expiry_date, created, updated, lead,"
            " body, image_id, featured, topic_id,"
            " search_document"
        )
        with cursor.copy(f"COPY news_article ({columns}) FROM STDIN") as copy:
            for n in range(ARTICLES):
                published = now - timedelta(minutes=40 * (n + 1))
                expiry = None
                status = "published"
                if n < 5:  # scheduled: published, with a date to come
                    published = now + timedelta(days=n + 1)
                elif n % 20 == 7:
                    status = "draft"
                elif n % 50 == 13:
                    status = "unpublished"
                elif n % 100 == 42:
                    expiry = published + timedelta(days=7)  # expired
                title, lead, body = (
                    _sentence(rng, 4, 10)[:200],
                    _sentence(rng, 18, 30)[:300],
                    _body(rng),
                )
                topic = rng.randint(1, len(TOPICS))
                article_tags.append(tags_of(3))
                document = _document(
                    Article,
                    {"title": title, "lead": lead, "body": body},
                    [tag_names[tag - 1] for tag in article_tags[-1]],
                )
                copy.write_row(
                    (
                        n + 1,
                        title,
                        f"bench-{n}",
                        status,
                        published,
                        expiry,
                        now,
                        now,
                        lead,
                        body,
                        None,
                        n % 40 == 9,
                        topic,
                        document,
                    )
                )
        with cursor.copy("COPY news_taggedarticle (content_object_id, tag_id) FROM STDIN") as copy:
            for n, tags in enumerate(article_tags):
                for tag in tags:
                    copy.write_row((n + 1, tag))
        with cursor.copy(
            "COPY news_article_related (from_article_id, to_article_id) FROM STDIN"
        ) as copy:
            for n in range(min(ARTICLES - 3, 2000)):
                for offset in (1, 2, 3):
                    copy.write_row((n + 1, n + 1 + offset))

        with cursor.copy(
            "COPY press_presscontact (id, first_name, last_name, slug, job_title, organisation,"
            " email, phone, press_office) FROM STDIN"
        ) as copy:
            for pk, (first, last) in enumerate(
                [("Anne", "Lambert"), ("Marc", "Dubois"), ("Sophie", "Renard")], 1
            ):
                copy.write_row(
                    (
                        pk,
                        first,
                        last,
                        f"{first}-{last}".lower(),
                        "Attachée de presse" if pk != 2 else "Porte-parole",
                        "Service presse de la Ville de Namur",
                        f"{first}.{last}@ville.namur.be".lower(),
                        f"+328124600{pk}",
                        pk == 1,
                    )
                )
        release_tags = []
        columns = (
            "id, title, slug, status, publication_date, created, updated, place, lead, body,"
            " quote_text, quote_speaker, quote_role, editors_notes, number, topic_id,"
            " search_document"
        )
        with cursor.copy(f"COPY press_pressrelease ({columns}) FROM STDIN") as copy:
            for n in range(RELEASES):
                published = now - timedelta(hours=6 * (n + 1))
                status = "draft" if n % 20 == 11 else "published"
                quoted = n % 3 == 0
                values = {
                    "title": _sentence(rng, 5, 10)[:200],
                    "place": "Namur",
                    "lead": _sentence(rng, 25, 40)[:400],
                    "body": _body(rng),
                    "quote_text": _sentence(rng, 15, 25) if quoted else "",
                    "quote_speaker": "Julien Dumonceau" if quoted else "",
                    "quote_role": "bourgmestre de Namur" if quoted else "",
                    "editors_notes": f"<p>{_sentence(rng, 10, 20)}</p>",
                    "number": f"CP-{published.year}-{n:05d}" if status == "published" else None,
                }
                topic = rng.randint(1, len(TOPICS))
                release_tags.append(tags_of(2))
                contacts = [CONTACT_TEXTS[0], CONTACT_TEXTS[1 + n % 2]]
                names = [tag_names[tag - 1] for tag in release_tags[-1]]
                document = _document(PressRelease, values, [*contacts, *names])
                copy.write_row(
                    (
                        n + 1,
                        values["title"],
                        f"cp-bench-{n}",
                        status,
                        published,
                        now,
                        now,
                        values["place"],
                        values["lead"],
                        values["body"],
                        values["quote_text"],
                        values["quote_speaker"],
                        values["quote_role"],
                        values["editors_notes"],
                        values["number"],
                        topic,
                        document,
                    )
                )
        with cursor.copy(
            "COPY press_taggedpressrelease (content_object_id, tag_id) FROM STDIN"
        ) as copy:
            for n, tags in enumerate(release_tags):
                for tag in tags:
                    copy.write_row((n + 1, tag))
        with cursor.copy(
            "COPY press_releasecontact (release_id, contact_id, position) FROM STDIN"
        ) as copy:
            for n in range(RELEASES):
                copy.write_row((n + 1, 1, 0))
                copy.write_row((n + 1, 2 + n % 2, 1))
        for table in (
            "news_topic",
            "taggit_tag",
            "news_article",
            "news_taggedarticle",
            "news_article_related",
            "press_presscontact",
            "press_pressrelease",
            "press_taggedpressrelease",
            "press_releasecontact",
        ):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    from core.caching.cache import renew_shared_parts

    renew_shared_parts()  # COPY sends no signal: renew the shared parts by hand
    return time.perf_counter() - started


# --- Processes ---------------------------------------------------------------------------------


def get(
    url: str, timeout: float = 10, headers: dict[str, str] | None = None, data: bytes | None = None
) -> tuple[int, dict[str, str], bytes]:
    """GET (or POST ``data``) a 127.0.0.1 address, redirects not followed; return status,
    headers and body (errors included)."""
    assert url.startswith("http://127.0.0.1:"), url  # noqa: S101 - never leave this machine
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


# The site's Varnish: its port is chosen before Django starts in this process, so that saves made
# here purge it (VARNISH_URLS).
SITE_VARNISH_PORT = free_port(int(os.environ.get("BENCH_VARNISH_PORT", "8190")))


def nginx_path() -> str | None:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if os.path.exists(found) else None


def missing_tools() -> list[str]:
    """Return the Debian packages the serving benchmark needs and does not find."""
    missing = []
    if shutil.which("wrk") is None:
        missing.append("wrk")
    if nginx_path() is None:
        missing.append("nginx")
    if varnishd_path() is None:
        missing += ["varnish", "varnish-modules"]
    if shutil.which("redis-server") is None:
        missing.append("redis-server")
    return missing


class Servers:
    """Start gunicorn, Varnish, nginx and redis-server; stop every one of them on exit."""

    def __init__(self):
        self.processes: list[tuple[str, subprocess.Popen, Path]] = []
        self.next_port = FIRST_PORT
        self.workdir = Path(tempfile.mkdtemp(prefix="namur-bench-"))

    def __enter__(self):
        signal.signal(signal.SIGTERM, self._terminated)
        return self

    def __exit__(self, *exc_info):
        self.stop_all()
        shutil.rmtree(self.workdir, ignore_errors=True)

    @staticmethod
    def _terminated(signum, frame):
        raise SystemExit(f"Interrompu (signal {signum}).")

    def port(self) -> int:
        port = self.next_port = free_port(self.next_port)
        self.next_port += 1
        return port

    def spawn(self, name: str, command: list[str], port: int | None, env=None, cwd=ROOT) -> str:
        """Run ``command`` in its own process group; return its base URL once ``port`` answers.

        Without ``port`` (a process that listens nowhere), return at once.
        """
        log = self.workdir / f"{name}.log"
        with log.open("ab") as output:
            try:
                process = start(command, port=port, output=output, cwd=cwd, env=env)
            except RuntimeError as error:
                raise RuntimeError(f"« {name} » : {error}\n{log.read_text()[-2000:]}") from None
        self.processes.append((name, process, log))
        return f"http://127.0.0.1:{port}" if port else ""

    def start(
        self, name: str, env: dict[str, str], app: str | None = None, port: int | None = None
    ) -> str:
        """Start gunicorn with the site's settings; return its base URL once it answers."""
        port = port or self.port()
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
        command = [str(BIN / "gunicorn"), "-c", "python:namur_site.gunicorn"]
        if app:
            command.append(app)
        return self.spawn(name, command, port, env=env)

    def cpu_seconds(self, name: str) -> float:
        """Return the CPU time (user and system) the processes of server ``name`` have used so
        far: its process group (a gunicorn master and its workers)."""
        group = next(process.pid for n, process, _log in self.processes if n == name)
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # the process has gone
            # After the name: state, ppid, pgrp…; utime and stime are the 12th and 13th.
            if int(fields[2]) == group:
                ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def start_varnish(self, name: str, backend: str | list[str], port: int | None = None) -> str:
        """Start Varnish with the site's VCL in front of ``backend`` (a base URL), or of several
        (a director); started again under the same name, it starts empty."""
        port = port or self.port()
        directory = self.workdir / name
        directory.mkdir(exist_ok=True)
        size = os.environ.get("VARNISH_CACHE_SIZE", "256m")
        backends = [backend] if isinstance(backend, str) else backend
        backends = [address.removeprefix("http://") for address in backends]
        command = varnish_command(varnishd_path(), directory, port, backends, size)
        return self.spawn(name, command, port)

    def start_nginx(self, name: str, files: dict[str, bytes]) -> str:
        """Start nginx serving ``files`` (name: content) as static files, nothing else; a file
        ``NAME.gz`` is sent for ``NAME`` to clients that accept gzip."""
        port = self.port()
        directory = self.workdir / name
        root = directory / "www"
        root.mkdir(parents=True)
        for file_name, content in files.items():
            (root / file_name).write_bytes(content)
        # Workers started by root run as an unprivileged user: they must be able to read.
        for path in (self.workdir, directory, root, *root.iterdir()):
            path.chmod(0o755 if path.is_dir() else 0o644)
        temp = " ".join(
            f"{kind}_temp_path {directory}/{kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (directory / "nginx.conf").write_text(
            f"""daemon off;
worker_processes {os.cpu_count() or 1};
pid {directory}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    {temp}
    types {{ text/html html; }}
    gzip_static on;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    server {{
        listen 127.0.0.1:{port};
        root {root};
    }}
}}
"""
        )
        command = [nginx_path(), "-e", "stderr", "-p", str(directory)]
        command += ["-c", str(directory / "nginx.conf")]
        return self.spawn(name, command, port)

    def start_redis(self, name: str, port: int | None = None) -> int:
        """Start a redis-server of the bench's own (no disk); return its port."""
        port = port or self.port()
        directory = self.workdir / name
        directory.mkdir(exist_ok=True)
        self.spawn(name, redis_command(port, directory), port)
        return port

    def stop(self, name: str) -> None:
        for entry in [entry for entry in self.processes if entry[0] == name]:
            stop(entry[1])
            self.processes.remove(entry)

    def stop_all(self) -> None:
        while self.processes:
            _name, process, _log = self.processes.pop()
            stop(process)


class HealthWatch:
    """Follow what Varnish's probe decides about the backend (varnishlog): sick or healthy."""

    def __init__(self, servers: "Servers", name: str):
        command = [shutil.which("varnishlog") or "/usr/bin/varnishlog", "-g", "raw"]
        command += ["-n", str(servers.workdir / name / "instance"), "-i", "Backend_health"]
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        servers.processes.append((f"{name}-health", self.process, Path(os.devnull)))
        self.events: list[tuple[float, str]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            if " Went sick " in line:
                self.events.append((time.time(), "sick"))
            elif " Went healthy " in line or " Back healthy " in line:
                self.events.append((time.time(), "healthy"))

    def sick_periods(self, start: float, end: float) -> list[tuple[float, float]]:
        """Return the (start, end) of each time Varnish held the backend sick in [start, end]."""
        periods, since = [], None
        for moment, state in self.events:
            if state == "sick" and since is None:
                since = max(moment, start)
            elif state == "healthy" and since is not None:
                periods.append((since, moment))
                since = None
        if since is not None:
            periods.append((since, end))
        return [(a, min(b, end)) for a, b in periods if a < end and b > start]


def varnish_counters(servers: Servers, name: str) -> dict[str, int]:
    """Return Varnish's counters of hits, misses, requests that waited for a page being fetched
    (busy_sleep) and requests to the backend (``varnishstat``)."""
    fields = ("MAIN.cache_hit", "MAIN.cache_miss", "MAIN.busy_sleep", "MAIN.backend_req")
    command = [shutil.which("varnishstat") or "/usr/bin/varnishstat", "-1"]
    command += ["-n", str(servers.workdir / name / "instance")]
    for field in fields:
        command += ["-f", field]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return {line.split()[0]: int(line.split()[1]) for line in output.splitlines() if line.strip()}


# --- Load --------------------------------------------------------------------------------------

WRK_SCRIPT = ROOT / "bench" / "wrk_paths.lua"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
# What a browser sends: Varnish keeps pages compressed and sends them so; nginx and gunicorn,
# which compress nothing here, answer the same request with the bytes as they are.
BROWSER_HEADERS = ["-H", "Accept-Encoding: gzip"]


def wrk(
    url: str,
    seconds: float,
    *,
    threads: int = 2,
    connections: int = 16,
    paths: Path | None = None,
    count: bool = False,
) -> dict:
    """Load ``url`` (or its server, over the paths of the file ``paths``) for a fixed time.

    Return requests per second, p50, p90 and p99 latency (ms), the count of answers other than
    2xx or 3xx, socket errors and, with ``count``, {second: {status: answers}}.
    """
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s"]
    command += ["--timeout", "5s"]
    command += ["--latency", *BROWSER_HEADERS]
    if paths is not None:
        command += ["-s", str(WRK_SCRIPT), url, "--", str(paths), *(["count"] if count else [])]
    else:
        command.append(url)
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=True
    ).stdout

    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    answers: dict[int, dict[int, int]] = {}
    for second, status, n in re.findall(r"^answers (\d+) (\d+) (\d+)$", output, re.M):
        per_second = answers.setdefault(int(second), {})
        per_second[int(status)] = per_second.get(int(status), 0) + int(n)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50": latency(50),
        "p90": latency(90),
        "p99": latency(99),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1).strip() if socket_errors else "",
        "answers": answers,
    }
