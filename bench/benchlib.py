"""What the serving benchmarks share: the bench database, its content, and gunicorn processes.

Django runs in this process with the same production settings as the gunicorn instances it
starts (DJANGO_ENV=production, the bench database, the shared Redis cache), so that a change made
here reaches their page cache exactly as an edit in the admin would. Every instance listens on
127.0.0.1 only and is stopped, with its process group, when the ``Servers`` block ends.
"""

import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/namur_bench"
)
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/2")
FIRST_PORT = int(os.environ.get("BENCH_PORT", "8090"))
WORKERS = os.environ.get("GUNICORN_WORKERS", "2")
THREADS = os.environ.get("GUNICORN_THREADS", "4")
# Each process takes at most its share of wrk's connections: gunicorn's default (1,000) lets one
# process accept most of them and leave the other idle, a lottery that swung the floor from
# 2,000 to 7,000 requests per second between two loads.
WORKER_CONNECTIONS = os.environ.get(
    "GUNICORN_WORKER_CONNECTIONS",
    str(max(int(THREADS), int(os.environ.get("BENCH_CONNECTIONS", "16")) // int(WORKERS))),
)
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))
RELEASES = int(os.environ.get("BENCH_RELEASES", str(max(1, ARTICLES // 10))))
SECRET_KEY = secrets.token_urlsafe(50)
STATIC_ROOT = tempfile.mkdtemp(prefix="namur-bench-static-")

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
        "GUNICORN_WORKER_CONNECTIONS": WORKER_CONNECTIONS,
        "GUNICORN_ACCESS_LOG": "",
        "LOG_LEVEL": "WARNING",
    }
    env.update(extra)
    return env


def setup_django() -> None:
    """Configure Django in this process as the instances run it."""
    os.environ.update(production_env())
    sys.path.insert(0, str(ROOT))
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


def fill() -> float:
    """Replace the bench content with ARTICLES articles and RELEASES releases; return seconds.

    Rows are streamed with COPY, ids given, rather than saved one by one: the PostgreSQL
    trigger still fills ``search_vector`` on every inserted row. ``search_document`` (the
    folded text that only the SQLite search reads) stays empty here. No images: articles
    without one are a normal case.
    """
    from django.db import connection, transaction
    from django.utils import timezone

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
            " body, image, image_alt, image_caption, image_credit, featured, topic_id,"
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
                copy.write_row(
                    (
                        n + 1,
                        _sentence(rng, 4, 10)[:200],
                        f"bench-{n}",
                        status,
                        published,
                        expiry,
                        now,
                        now,
                        _sentence(rng, 18, 30)[:300],
                        _body(rng),
                        "",
                        "",
                        "",
                        "",
                        n % 40 == 9,
                        rng.randint(1, len(TOPICS)),
                        "",
                    )
                )
                article_tags.append(tags_of(3))
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
                copy.write_row(
                    (
                        n + 1,
                        _sentence(rng, 5, 10)[:200],
                        f"cp-bench-{n}",
                        status,
                        published,
                        now,
                        now,
                        "Namur",
                        _sentence(rng, 25, 40)[:400],
                        _body(rng),
                        _sentence(rng, 15, 25) if quoted else "",
                        "Julien Dumonceau" if quoted else "",
                        "bourgmestre de Namur" if quoted else "",
                        f"<p>{_sentence(rng, 10, 20)}</p>",
                        f"CP-{published.year}-{n:05d}" if status == "published" else None,
                        rng.randint(1, len(TOPICS)),
                        "",
                    )
                )
                release_tags.append(tags_of(2))
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
    from namur_site.core.cache import renew_shared_parts

    renew_shared_parts()  # COPY sends no signal: renew the shared parts by hand
    return time.perf_counter() - started


# --- Processes ---------------------------------------------------------------------------------


def free_port(start: int) -> int:
    """Return the first port from ``start`` on which nothing listens on 127.0.0.1."""
    for port in range(start, start + 100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"Aucun port libre à partir de {start}.")


def get(url: str, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    """GET a 127.0.0.1 address; return status, headers and body (errors included)."""
    assert url.startswith("http://127.0.0.1:"), url  # noqa: S101 - never leave this machine
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class Servers:
    """Start gunicorn instances; stop every one of them, with its workers, on exit."""

    def __init__(self):
        self.processes: list[tuple[str, subprocess.Popen, Path]] = []
        self.next_port = FIRST_PORT
        self.logs = Path(tempfile.mkdtemp(prefix="namur-bench-logs-"))

    def __enter__(self):
        signal.signal(signal.SIGTERM, self._terminated)
        return self

    def __exit__(self, *exc_info):
        self.stop_all()

    @staticmethod
    def _terminated(signum, frame):
        raise SystemExit(f"Interrompu (signal {signum}).")

    def start(self, name: str, env: dict[str, str], app: str | None = None) -> str:
        """Start gunicorn with the site's settings; return its base URL once it answers."""
        port = self.next_port = free_port(self.next_port)
        self.next_port += 1
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
        command = [str(BIN / "gunicorn"), "-c", "python:namur_site.gunicorn"]
        if app:
            command.append(app)
        log = self.logs / f"{name}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes.append((name, process, log))
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn « {name} » s’est arrêté :\n{log.read_text()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return base
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn « {name} » ne répond pas après 60 s ({log}).")

    def stop(self, name: str) -> None:
        for entry in [entry for entry in self.processes if entry[0] == name]:
            self._stop(entry[1])
            self.processes.remove(entry)

    def stop_all(self) -> None:
        while self.processes:
            _name, process, _log = self.processes.pop()
            self._stop(process)

    @staticmethod
    def _stop(process: subprocess.Popen) -> None:
        if process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
        except ProcessLookupError:
            pass
