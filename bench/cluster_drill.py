"""Cluster drill: two app servers, two Varnish, the worker, PostgreSQL, Redis and an S3 store on
this machine; each part stopped in turn under readers and editors.

    make drill
    DRILL_OUTAGE_SECONDS=30 make drill      # longer outages

Needs PostgreSQL on 127.0.0.1:5432 (user postgres; DRILL_POSTGRES_URL), Varnish with
varnish-modules and redis-server. Everything else is the drill's own, on free 127.0.0.1 ports
from DRILL_PORT (18300), and is stopped at the end, also on an error or Ctrl-C:

- a fresh database ``namur_drill`` (dropped at the end), migrated, with the demo content and a
  superuser of the drill's own, reached by the site through a TCP relay (tests/support/relay.py)
  that the drill cuts to take PostgreSQL away without stopping the machine's server;
- a redis-server (no disk) for the cache;
- an S3-compatible store (moto's server, tests/support/s3.py) behind a relay of its own, cut to
  take the store away without losing what it holds;
- two gunicorn app servers (A and B) with the production settings (``DJANGO_ENV=production``,
  ``MEDIA_STORAGE=s3``, ``VARNISH_URLS`` naming both caches, ``TRUSTED_PROXY_COUNT=1``);
- two Varnish, each with the VCL of ``manage.py varnish_vcl`` in front of both app servers (a
  round-robin director probing ``/healthz``);
- the task worker (``manage.py db_worker``).

Load, the whole time: reader threads (http.client, keep-alive) spread over both Varnish, paced
at DRILL_READERS × DRILL_READ_RATE requests a second, over the home page, the news and press lists,
article and release pages, topic pages, feeds and searches; a reader refused by a stopped Varnish
tries the other, as a load balancer would. Two editors, signed in once (the session works on
both servers), change an article's title through the admin's change form (GET, then a POST with
its CSRF token) every DRILL_EDIT_SECONDS, on A and B in turn (on the one that runs when the other
is stopped); after each save the article's page is read through every running Varnish until the
new title shows.

Phases: a reference, then, each in turn and brought back before the next, app server A stopped,
Varnish 1 stopped, the worker stopped, Redis stopped, the store cut, PostgreSQL cut: DRILL_LEAD
seconds, DRILL_OUTAGE_SECONDS of outage, DRILL_RECOVERY_SECONDS after. In the middle of each
outage an image is uploaded through one app server's admin and must be served through the other
and both caches, and a task is queued for the worker, which must run it once it is back.

At the end, every save the admin accepted must be in the article's history. The drill prints a
table per phase and appends it, dated, to docs/benchmark-results.md; it exits with 1 when an
objective is missed.
"""

import http.client
import io
import logging
import os
import random
import re
import secrets
import shutil
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import timedelta
from http.cookiejar import CookieJar, DefaultCookiePolicy
from urllib.parse import quote, quote_plus, urlsplit
from urllib.request import HTTPCookieProcessor, build_opener

os.environ.setdefault("BENCH_PORT", os.environ.get("DRILL_PORT", "18300"))

from benchlib import BIN, ROOT, Servers, logged_errors, production_env

from tests.support.relay import Relay

POSTGRES_URL = os.environ.get("DRILL_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DATABASE_NAME = os.environ.get("DRILL_DATABASE", "namur_drill")
LEAD = float(os.environ.get("DRILL_LEAD_SECONDS", "3"))
OUTAGE = float(os.environ.get("DRILL_OUTAGE_SECONDS", "15"))
RECOVERY = float(os.environ.get("DRILL_RECOVERY_SECONDS", "8"))
READERS = int(os.environ.get("DRILL_READERS", "4"))
READ_RATE = float(os.environ.get("DRILL_READ_RATE", "40"))
EDIT_EVERY = float(os.environ.get("DRILL_EDIT_SECONDS", "3"))
GUNICORN_WORKERS = os.environ.get("DRILL_GUNICORN_WORKERS", "2")
VISIBLE_TARGET = 2.0
# Longest wait for an edit or an upload to show, and for the queued tasks to run at the end.
VISIBLE_GIVE_UP = 15.0
QUEUE_GIVE_UP = 120.0
PUBLIC_BUCKET, PRIVATE_BUCKET = "namur-medias", "namur-documents"
LOADS: list[float] = []  # the machine's load average when the drill starts, and when it ends
SEARCH_WORDS = (
    "citadelle meuse sambre travaux culture concert marché mobilité parking école sport "
    "festival wallonie patrimoine quartier conseil budget piscine vélo gare théâtre"
).split()


def now() -> float:
    return time.time()


# --- The parts ---------------------------------------------------------------------------------


class Cluster:
    """Every part of the drill, started, stopped and started again by name."""

    def __init__(self, servers: Servers):
        self.servers = servers
        self.up: set[str] = set()
        self.s3 = None
        self.relays: dict[str, Relay] = {}

    def start(self) -> None:
        from tests.support.s3 import S3Server

        servers = self.servers
        self.s3 = S3Server(port=servers.port()).start()
        self.s3.create_bucket(PUBLIC_BUCKET)
        self.s3.allow_public_reads(PUBLIC_BUCKET)
        self.s3.create_bucket(PRIVATE_BUCKET)
        self.relays["s3"] = Relay(self.s3.port, servers.port())
        database = urlsplit(POSTGRES_URL)
        self.relays["postgres"] = Relay(
            database.port or 5432, servers.port(), target_host=database.hostname
        )
        self.redis_port = servers.start_redis("redis")
        self.app_ports = {"A": servers.port(), "B": servers.port()}
        self.varnish_ports = {"1": servers.port(), "2": servers.port()}
        self.up = {"redis", "s3", "postgres"}

    def env(self, *, direct: bool = False) -> dict[str, str]:
        """The production environment of every process of the site (of this process with
        ``direct``: its database without the relay, to prepare and to check)."""
        database = urlsplit(POSTGRES_URL)
        port = database.port or 5432 if direct else self.relays["postgres"].port
        netloc = f"{database.username}@127.0.0.1:{port}"
        if database.password:
            netloc = f"{database.username}:{database.password}@127.0.0.1:{port}"
        s3 = self.s3.environment(public=PUBLIC_BUCKET, private=PRIVATE_BUCKET)
        # The store as the site reaches it (through its relay), with production's retries.
        s3["AWS_S3_ENDPOINT_URL"] = f"http://127.0.0.1:{self.relays['s3'].port}"
        del s3["AWS_S3_MAX_ATTEMPTS"]
        return production_env(
            DATABASE_URL=database._replace(netloc=netloc, path=f"/{DATABASE_NAME}").geturl(),
            CACHE_URL=f"redis://127.0.0.1:{self.redis_port}/0",
            VARNISH_URLS=",".join(self.url(name) for name in self.varnish_ports),
            TRUSTED_PROXY_COUNT="1",
            GUNICORN_WORKERS=GUNICORN_WORKERS,
            SITE_URL=self.url("1"),
            **s3,
        )

    def url(self, name: str) -> str:
        port = self.app_ports.get(name) or self.varnish_ports[name]
        return f"http://127.0.0.1:{port}"

    def start_app(self, name: str) -> None:
        self.servers.start(f"app-{name}", self.env(), port=self.app_ports[name])
        self.up.add(f"app-{name}")

    def start_varnish(self, name: str) -> None:
        backends = [self.url(app) for app in self.app_ports]
        self.servers.start_varnish(f"varnish-{name}", backends, port=self.varnish_ports[name])
        # Every answer 500 or above, with its backend fetch, in the log of this Varnish.
        command = [shutil.which("varnishlog") or "/usr/bin/varnishlog", "-g", "request"]
        command += ["-q", "RespStatus >= 500", "-n"]
        command.append(str(self.servers.workdir / f"varnish-{name}" / "instance"))
        self.servers.spawn(f"varnish-{name}", command, None)
        self.up.add(f"varnish-{name}")

    def start_worker(self) -> None:
        command = [str(BIN / "python"), str(ROOT / "manage.py"), "db_worker", "--no-reload"]
        self.servers.spawn("worker", command, None, env=self.env())
        self.up.add("worker")

    def stop(self, part: str) -> None:
        self.up.discard(part)
        if part in self.relays:
            self.relays[part].stop()
        else:
            self.servers.stop(part)

    def restart(self, part: str) -> None:
        if part in self.relays:
            self.relays[part].open()
            self.up.add(part)
        elif part == "redis":
            self.servers.start_redis("redis", port=self.redis_port)
            self.up.add(part)
        elif part == "worker":
            self.start_worker()
        elif part.startswith("app-"):
            self.start_app(part.removeprefix("app-"))
        else:
            self.start_varnish(part.removeprefix("varnish-"))

    def running_apps(self) -> list[str]:
        return [name for name in self.app_ports if f"app-{name}" in self.up]

    def running_varnishes(self) -> list[str]:
        return [name for name in self.varnish_ports if f"varnish-{name}" in self.up]

    def close(self) -> None:
        for relay in self.relays.values():
            relay.stop()
        if self.s3 is not None:
            self.s3.stop()


def create_database() -> None:
    import psycopg

    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def drop_database(*, django_ready: bool) -> None:
    import psycopg

    if django_ready:
        from django.db import connections

        connections.close_all()
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')


@dataclass
class Content:
    paths: list[tuple[str, str]]  # (kind, path)
    edited: list[int]  # the articles the editors change
    pictured: int  # the article the uploads change
    username: str
    password: str


def prepare(cluster: Cluster) -> Content:
    """Migrate the drill's database, load the demo content, add the drill's articles and user."""
    # No purges from here: the caches start later, and empty.
    os.environ.update(cluster.env(direct=True), VARNISH_URLS="")
    import django

    django.setup()
    # The store's request log (moto's server runs in this process).
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from core.models import Status
    from news.models import Article, Topic
    from press.models import PressRelease

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    password = secrets.token_urlsafe(24)
    get_user_model().objects.create_superuser(
        "exercice", "exercice@example.org", password, first_name="Exercice", last_name="Panne"
    )
    topic = Topic.objects.order_by("pk").first()
    published = timezone.now() - timedelta(hours=1)

    def article(n: int, title: str) -> Article:
        return Article.objects.create(
            title=title,
            slug=f"exercice-de-panne-{n}",
            lead="Un article que l’exercice de panne modifie.",
            body="<p>Texte de l’exercice.</p>",
            topic=topic,
            status=Status.PUBLISHED,
            publication_date=published,
        )

    # An article of the drill's own, and one of the demo's with its picture: a change of title
    # must not need the store.
    edited = [
        article(1, "Exercice de panne, article 1").pk,
        Article.objects.live().exclude(image=None).order_by("pk").first().pk,
    ]
    pictured = article(3, "Exercice de panne, image").pk
    paths = [
        ("accueil", "/"),
        ("liste", "/actualites/"),
        ("liste", "/presse/"),
        ("liste", "/presse/espace-presse/"),
        ("liste", "/accreditations/"),
        ("flux", "/actualites/flux.rss"),
        ("flux", "/presse/flux.rss"),
    ]
    paths += [("liste", topic.get_absolute_url()) for topic in Topic.objects.all()]
    paths += [("article", item.get_absolute_url()) for item in Article.objects.live()]
    paths += [("communiqué", item.get_absolute_url()) for item in PressRelease.objects.live()]
    paths = [(kind, quote(path, safe="/?=&")) for kind, path in paths]
    return Content(paths, edited, pictured, "exercice", password)


# --- Readers -----------------------------------------------------------------------------------


@dataclass
class Reading:
    moment: float
    kind: str
    path: str
    varnish: str  # the one that answered (or, without an answer, the last one tried)
    status: int  # 0: no answer from either cache
    milliseconds: float


class Readers:
    """Threads reading pages through the caches, in turn, at a set pace."""

    def __init__(self, cluster: Cluster, paths: list[tuple[str, str]]):
        self.cluster = cluster
        self.paths = paths
        self.readings: list[Reading] = []
        # (moment, Varnish) of each connection a stopped Varnish refused (then tried elsewhere).
        self.refused: list[tuple[float, str]] = []
        self.running = threading.Event()
        self.threads = [
            threading.Thread(target=self._read, args=(n,), daemon=True) for n in range(READERS)
        ]

    def start(self) -> None:
        self.running.set()
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.running.clear()
        for thread in self.threads:
            thread.join()

    def _path(self, rng: random.Random) -> tuple[str, str]:
        if rng.random() < 0.1:
            # Searches: mostly addresses no cache holds, rendered by an app server.
            words = quote_plus(" ".join(rng.sample(SEARCH_WORDS, 2)))
            return "recherche", f"/recherche/?q={words}"
        return rng.choice(self.paths)

    def _read(self, number: int) -> None:
        rng = random.Random(number)
        names = list(self.cluster.varnish_ports)
        connections: dict[str, http.client.HTTPConnection] = {}
        turn = number
        next_at = now()
        while self.running.is_set():
            # At the pace, without catching up in a burst after slow answers.
            next_at = max(next_at + 1 / READ_RATE, now())
            time.sleep(max(0.0, next_at - now()))
            kind, path = self._path(rng)
            turn += 1
            order = [names[turn % len(names)], names[(turn + 1) % len(names)]]
            started = now()
            status = 0
            for name in order:
                try:
                    status = self._get(connections, name, path)
                    break
                except (OSError, http.client.HTTPException):
                    connections.pop(name).close()
                    self.refused.append((now(), name))
            milliseconds = (now() - started) * 1000
            self.readings.append(Reading(started, kind, path, name, status, milliseconds))

    def _get(self, connections, name: str, path: str) -> int:
        if name not in connections:
            port = self.cluster.varnish_ports[name]
            connections[name] = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection = connections[name]
        connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        response.read()
        if response.getheader("Connection", "").lower() == "close":
            connections.pop(name).close()
        return response.status


# --- Editors -----------------------------------------------------------------------------------


def refused(error: BaseException) -> bool:
    """Return True if ``error`` is a refused connection (urllib wraps it)."""
    return isinstance(getattr(error, "reason", error), ConnectionRefusedError)


def fetch(url: str, timeout: float = 10) -> tuple[int, str, str]:
    """GET a 127.0.0.1 address, redirects not followed; return status, text and X-Cache."""
    assert url.startswith("http://127.0.0.1:"), url  # noqa: S101 - never leave this machine
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            text = response.read().decode("utf-8", "replace")
            return response.status, text, response.headers.get("X-Cache", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace"), ""
    except (OSError, http.client.HTTPException):
        return 0, "", ""


class Editors:
    """One signed-in session, used on both app servers (cookies, CSRF token, no JavaScript)."""

    def __init__(self, cluster: Cluster, content: Content):
        # Django's, once set up (prepare()).
        from tests.support.site import AdminClient, _NoRedirect

        self.cluster = cluster
        self.content = content
        # The production cookies are Secure; the drill speaks plain HTTP to 127.0.0.1.
        policy = DefaultCookiePolicy()
        policy.secure_protocols = ("https", "wss", "http")
        jar = CookieJar(policy)
        opener = build_opener(HTTPCookieProcessor(jar), _NoRedirect())
        self.clients = {}
        for name in cluster.app_ports:
            client = AdminClient(cluster.url(name))
            client.cookies, client.opener = jar, opener
            self.clients[name] = client
        self.saves: list[Save] = []
        self.uploads: list[Upload] = []
        self.running = threading.Event()
        self.threads = [
            threading.Thread(target=self._edit, args=(n, pk), daemon=True)
            for n, pk in enumerate(content.edited)
        ]

    def login(self) -> None:
        self.clients["A"].login(self.content.username, self.content.password)

    def start(self) -> None:
        self.running.set()
        for n, thread in enumerate(self.threads):
            thread.start()
            time.sleep(EDIT_EVERY / len(self.threads) * (n + 1))

    def stop(self) -> None:
        self.running.clear()
        for thread in self.threads:
            thread.join()

    def server(self, turn: int) -> str:
        """The app server of this turn, or the one that runs if the other is stopped."""
        running = self.cluster.running_apps() or list(self.cluster.app_ports)
        names = list(self.cluster.app_ports)
        wanted = names[turn % len(names)]
        return wanted if wanted in running else running[0]

    def _edit(self, number: int, pk: int) -> None:
        turn = number
        while self.running.is_set():
            started = now()
            self.saves.append(self.save(pk, self.server(turn), f"e{number + 1}-{turn:04d}"))
            turn += 1
            time.sleep(max(0.0, started + EDIT_EVERY - now()))

    def _change_page(self, server: str, pk: int):
        from tests.support.site import read_form

        client = self.clients[server]
        page = client.get(f"/admin/news/article/{pk}/change/")
        if page.status != 200:
            return client, page, None
        return client, page, read_form(page.text, "article_form")

    def save(self, pk: int, server: str, token: str) -> "Save":
        from news.models import Article

        title = f"Exercice de panne, modification {token}"
        started = now()
        retried_from = ""
        while True:
            try:
                client, page, form = self._change_page(server, pk)
                if form is None:
                    return Save(started, server, title, page.status, accepted=False)
                form.set("title", title)
                answer = client.submit(page, form, button="_continue")
                break
            except (OSError, http.client.HTTPException) as error:
                # A server that refuses the connection has received nothing: the editor saves
                # again, through the other one (once).
                others = [name for name in self.cluster.running_apps() if name != server]
                if retried_from or not refused(error) or not others:
                    return Save(started, server, title, 0, accepted=False)
                retried_from, server = server, others[0]
        answered = now()
        save = Save(started, server, title, answer.status, accepted=answer.status == 302)
        save.retried_from = retried_from
        save.seconds = answered - started
        if answer.status == 200:
            errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', answer.text, re.S)
            save.detail = re.sub(r"<[^>]+>", " ", " ".join(errors)).strip()[:200]
        if save.accepted:
            path = quote(Article.objects.get(pk=pk).get_absolute_url())
            save.delays = self.visible(path, token, answered, save.traces)
        return save

    def visible(self, path: str, text: str, since: float, traces=None) -> dict[str, float | None]:
        """Read ``path`` through every running Varnish until it shows ``text``; return the
        seconds since ``since`` for each (None: not within VISIBLE_GIVE_UP). Each reading goes
        in ``traces[name]``: (seconds since, its duration, status, X-Cache, shown)."""
        delays: dict[str, float | None] = {}
        traces = {} if traces is None else traces

        def watch(name: str) -> None:
            delays[name], trace = None, traces.setdefault(name, [])
            while now() - since < VISIBLE_GIVE_UP:
                asked = now()
                status, body, cache = fetch(self.cluster.url(name) + path)
                shown = status == 200 and text in body
                trace.append((asked - since, now() - asked, status, cache, shown))
                if shown:
                    delays[name] = now() - since
                    return
                time.sleep(0.05)

        watchers = [
            threading.Thread(target=watch, args=(name,))
            for name in self.cluster.running_varnishes()
        ]
        for watcher in watchers:
            watcher.start()
        for watcher in watchers:
            watcher.join()
        return delays

    def upload(self, phase: "Phase") -> "Upload":
        """Upload a picture through one app server; read it back through the other and both
        caches."""
        from news.models import Article

        running = self.cluster.running_apps()
        through = "A" if "app-A" in self.cluster.up else "B"
        other = next((name for name in running if name != through), None)
        stem = f"exercice-{phase.part or 'reference'}-{now():.0f}"
        upload = Upload(now(), phase.name, through, other, stem)
        from core.photos.models import Image
        from tests.support.site import read_form

        article = Article.objects.select_related("image").get(pk=self.content.pictured)
        before = article.image.file.name if article.image else ""
        path = quote(article.get_absolute_url())
        try:
            # Into the photo library, then chosen as the article's lead image.
            client = self.clients[through]
            page = client.get("/admin/photos/image/add/")
            if page.status != 200:
                upload.status = page.status
                return upload
            form = read_form(page.text, "image_form")
            form.set("title", stem)
            form.set("alt", "Une image de l’exercice de panne")
            form.attach("file", f"{stem}.jpg", picture())
            answer = client.submit(page, form, button="_save")
            added = Image.objects.filter(title=stem).values_list("pk", flat=True).first()
            if answer.status != 302 or added is None:
                upload.status = answer.status
                return upload
            client, page, form = self._change_page(through, article.pk)
            if form is None:
                upload.status = page.status
                return upload
            form.set("image", str(added))
            answer = client.submit(page, form, button="_continue")
            upload.status = answer.status
        except (OSError, http.client.HTTPException):
            return upload
        answered = now()
        stored = Article.objects.values_list("image__file", flat=True).get(pk=article.pk) or ""
        upload.stored = stored if stored != before else ""
        upload.keys_left = [key for key in self.cluster.s3.keys(PUBLIC_BUCKET) if stem in key]
        if upload.status != 302 or not upload.stored:
            return upload
        # The page through the other app server (through the one that took it when the other
        # is stopped), and its picture from the store.
        stored_stem = upload.stored.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        status, body, _cache = fetch(self.cluster.url(other or through) + path)
        address = rf"http://127\.0\.0\.1:\d+/{PUBLIC_BUCKET}/[^\"\s]*{stored_stem}[^\"\s]*"
        images = re.findall(address, body)
        upload.other_page = status == 200 and bool(images)
        if images:
            upload.image_status, _body, _cache = fetch(images[0])
        upload.delays = self.visible(path, stored_stem, answered)
        return upload


def picture() -> bytes:
    from PIL import Image, ImageDraw

    rng = random.Random()
    image = Image.new("RGB", (1600, 900), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(1600), rng.randrange(900)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x, y, x + rng.randrange(50, 400), y + rng.randrange(50, 300)), fill=colour)
    output = io.BytesIO()
    image.save(output, "JPEG", quality=85)
    return output.getvalue()


@dataclass
class Save:
    moment: float
    server: str
    title: str
    status: int  # 0: the server did not answer
    accepted: bool
    delays: dict[str, float | None] = field(default_factory=dict)
    detail: str = ""
    retried_from: str = ""  # the server that refused the connection first
    seconds: float = 0.0  # from the change form's GET to the answer of its POST
    traces: dict[str, list] = field(default_factory=dict)  # Editors.visible()'s readings

    def slowest(self) -> float | None:
        """Seconds until the edit showed through every running cache (None: it never did)."""
        values = list(self.delays.values())
        return None if None in values else max(values, default=0.0)


@dataclass
class Upload:
    moment: float
    phase: str
    through: str
    other: str | None
    stem: str
    status: int = 0
    stored: str = ""
    keys_left: list[str] = field(default_factory=list)
    other_page: bool = False
    image_status: int = 0
    delays: dict[str, float | None] = field(default_factory=dict)

    def refused_cleanly(self) -> bool:
        """Return True if the save answered 503 and left nothing in the row or the store."""
        return self.status == 503 and not self.stored and not self.keys_left

    def served(self) -> bool:
        return (
            self.status == 302
            and self.other_page
            and self.image_status == 200
            and bool(self.delays)
            and None not in self.delays.values()
        )


# --- Phases ------------------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    part: str | None  # what is stopped; None: the reference
    # Answers 503 that are expected: reads (pages no cache holds need the database), saves.
    reads_may_fail: bool = False
    saves_may_fail: bool = False
    uploads_may_fail: bool = False
    start: float = 0.0
    cut: float = 0.0
    restored: float = 0.0
    end: float = 0.0
    upload: Upload | None = None
    task_id: str = ""


ALL_PHASES = [
    Phase("référence", None),
    Phase("serveur d’application A arrêté", "app-A"),
    Phase("Varnish 1 arrêté", "varnish-1"),
    Phase("worker arrêté", "worker"),
    Phase("Redis arrêté", "redis"),
    Phase("stockage S3 coupé", "s3", uploads_may_fail=True),
    Phase(
        "PostgreSQL coupé",
        "postgres",
        reads_may_fail=True,
        saves_may_fail=True,
        uploads_may_fail=True,
    ),
]
# DRILL_PHASES=app-A,postgres: the reference and those outages only.
CHOSEN = os.environ.get("DRILL_PHASES", "").split(",")
PHASES = [phase for phase in ALL_PHASES if not phase.part or CHOSEN == [""] or phase.part in CHOSEN]


def queue_task(cluster: Cluster) -> str:
    """Queue a purge of a key no page carries, for the worker; return the task's id."""
    from core.caching.http_cache import purge_task

    urls = [cluster.url(name) for name in cluster.varnish_ports]
    return str(purge_task.enqueue(urls=urls, keys=["exercice-de-panne"], attempt=1).id)


def run_phase(phase: Phase, cluster: Cluster, editors: Editors) -> None:
    print(f"… {phase.name}", file=sys.stderr, flush=True)
    phase.start = now()
    time.sleep(LEAD)
    phase.cut = now()
    if phase.part:
        cluster.stop(phase.part)
    time.sleep(OUTAGE / 3)
    phase.task_id = queue_task(cluster)
    phase.upload = editors.upload(phase)
    time.sleep(max(0.0, phase.cut + OUTAGE - now()))
    phase.restored = now()
    if phase.part:
        cluster.restart(phase.part)
    time.sleep(max(0.0, phase.restored + RECOVERY - now()))
    phase.end = now()


def task_outcomes(phases: list[Phase]) -> dict[str, tuple[str, float | None]]:
    """Wait for the queued tasks; return each one's status and seconds after its phase's
    restoration when it finished."""
    from django_tasks_db.models import DBTaskResult

    ids = [phase.task_id for phase in phases]
    deadline = now() + QUEUE_GIVE_UP
    while now() < deadline:
        waiting = DBTaskResult.objects.filter(id__in=ids, finished_at__isnull=True)
        if not waiting.exists():
            break
        time.sleep(0.5)
    outcomes = {}
    for phase in phases:
        task = DBTaskResult.objects.get(id=phase.task_id)
        finished = task.finished_at.timestamp() - phase.restored if task.finished_at else None
        outcomes[phase.name] = (task.status, finished)
    return outcomes


def lost_saves(saves: list[Save], content: Content) -> list[Save]:
    """Return the saves the admin accepted that are not in their article's history."""
    from core.models import Revision

    kept = set()
    for revision in Revision.objects.filter(object_id__in=content.edited):
        kept.add(revision.data.get("title"))
    return [save for save in saves if save.accepted and save.title not in kept]


def log_errors(servers: Servers) -> dict[str, int]:
    """Return each kind of error the processes logged with a traceback, by process, with its
    count."""
    found: dict[str, int] = {}
    keep = os.environ.get("DRILL_LOGS")
    for log in sorted(servers.workdir.glob("*.log")):
        if keep:
            os.makedirs(keep, exist_ok=True)
            shutil.copy(log, keep)
        process = log.stem.removesuffix("-A").removesuffix("-B")
        for line, count in logged_errors(log).items():
            key = f"{process} : {line}"
            found[key] = found.get(key, 0) + count
    return found


# --- Report ------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def statuses(answers: list[int]) -> str:
    counts: dict[int, int] = {}
    for status in answers:
        if not 200 <= status < 400:
            counts[status] = counts.get(status, 0) + 1
    if not counts:
        return "0"
    return ", ".join(f"{n:,} × {status or 'sans réponse'}" for status, n in sorted(counts.items()))


def upload_cell(upload: Upload) -> str:
    if upload.served():
        delay = max(upload.delays.values())
        route = f"{upload.through} → {upload.other or f'{upload.through} (l’autre arrêté)'}"
        caches = "les 2 caches" if len(upload.delays) == 2 else "le cache en marche"
        return f"oui, {route}, {caches} en {delay:.1f} s"
    if upload.refused_cleanly():
        return "refusée (503), rien de stocké"
    return (
        f"**non** (réponse {upload.status}, page {upload.other_page}, "
        f"image {upload.image_status}, caches {upload.delays})"
    )


def trace_text(save: Save, name: str) -> str:
    """Say how an edit showed through Varnish ``name``: when, after how many readings, how many
    still showed the old page (and from the cache), and the slowest reading."""
    trace = save.traces.get(name, [])
    delay = save.delays.get(name)
    old = [reading for reading in trace if not reading[4]]
    hits = sum(1 for reading in old if reading[3] == "hit")
    slowest = max((reading[1] for reading in trace), default=0.0)
    when = f"{delay:.2f} s" if delay is not None else "jamais"
    return (
        f"Varnish {name} : {when}, {len(trace)} lecture(s), {len(old)} avec l’ancien titre "
        f"(dont {hits} en cache), la plus lente {slowest:.2f} s"
    )


def listed(what: str, answers: list, describe) -> list[str]:
    """Return a line counting ``answers`` (that missed an objective) by status, then the first
    five, each with its status and ``describe(answer)``."""
    if not answers:
        return []
    return [f"{what} {statuses([answer.status for answer in answers])}"] + [
        f"  {answer.status or 'sans réponse'} {describe(answer)}" for answer in answers[:5]
    ]


def summarise(phase: Phase, readers: Readers, editors: Editors, lost, outcome) -> tuple:
    """Return the table row of ``phase``, and what it missed of the objectives."""
    readings = [r for r in readers.readings if phase.start <= r.moment < phase.end]
    saves = [s for s in editors.saves if phase.start <= s.moment < phase.end]
    accepted = [s for s in saves if s.accepted]
    refused = [s.status for s in saves if not s.accepted]
    slowest = [s.slowest() for s in accepted]
    worst = "—" if not slowest else "jamais" if None in slowest else f"{max(slowest):.2f} s"
    phase_lost = [s for s in lost if phase.start <= s.moment < phase.end]
    status, finished = outcome
    task = status.lower() + (f", {finished:+.1f} s" if finished is not None else "")
    times = [r.milliseconds for r in readings]
    row = (
        f"| {phase.name} | {len(readings):,} ({len(readings) / (phase.end - phase.start):.0f}/s) "
        f"| {statuses([r.status for r in readings])} "
        f"| {percentile(times, 0.5):.1f} ms | {percentile(times, 0.99):.0f} ms "
        f"| {len(accepted)} / {len(saves)} | {statuses(refused)} | {worst} | {len(phase_lost)} "
        f"| {upload_cell(phase.upload)} | {task} |"
    )
    failures = []
    bad_reads = [
        r
        for r in readings
        if not 200 <= r.status < 400 and not (phase.reads_may_fail and r.status == 503)
    ]
    bad_saves = [
        s for s in saves if not s.accepted and not (phase.saves_may_fail and s.status == 503)
    ]
    failures += listed(
        f"{phase.name} : lectures",
        bad_reads,
        lambda r: (
            f"{r.kind} {r.path} via Varnish {r.varnish}, {r.moment - phase.cut:+.2f} s "
            "après la coupure"
        ),
    )
    failures += listed(
        f"{phase.name} : enregistrements",
        bad_saves,
        lambda s: f"sur {s.server}, {s.moment - phase.cut:+.2f} s après la coupure {s.detail}",
    )
    if any(value is None or value > VISIBLE_TARGET for value in slowest):
        failures.append(f"{phase.name} : modification visible après {worst}")
        failures += [
            f"  enregistrée sur {s.server} {s.moment - phase.cut:+.2f} s après la coupure "
            f"(en {s.seconds:.2f} s) ; " + "; ".join(trace_text(s, name) for name in s.delays)
            for s in accepted
            if s.slowest() is None or s.slowest() > VISIBLE_TARGET
        ]
    if phase_lost:
        failures.append(f"{phase.name} : {len(phase_lost)} enregistrement(s) perdu(s)")
    if not phase.upload.served() and not (
        phase.uploads_may_fail and phase.upload.refused_cleanly()
    ):
        failures.append(f"{phase.name} : image {upload_cell(phase.upload)}")
    if status != "SUCCESSFUL":
        failures.append(f"{phase.name} : tâche {task}")
    return row, failures


def report(phases, readers, editors, outcomes, lost, errors) -> bool:
    """Print the table and the notes; return True if every objective is met."""
    print(
        f"Exercice de panne sur une grappe : 2 serveurs d’application (gunicorn, "
        f"{GUNICORN_WORKERS} processus × 4 fils chacun), 2 Varnish devant les deux, le worker, "
        "PostgreSQL (base à part, derrière un relais TCP), Redis, un stockage S3 (moto, derrière "
        f"un relais). Par phase : {LEAD:g} s normales, {OUTAGE:g} s de panne, {RECOVERY:g} s "
        f"après la remise en route. Lecteurs : {READERS} fils à {READ_RATE:g} req/s au plus via "
        "les deux Varnish en alternance (accueil, listes, articles, communiqués, thèmes, flux ; "
        f"10 % de recherches) ; 2 rédacteurs enregistrent un titre dans l’admin toutes les "
        f"{EDIT_EVERY:g} s, sur A et B en alternance ; une image envoyée par un serveur au milieu "
        "de chaque panne. Charge de la machine (partagée) : "
        + " → ".join(f"{load:.1f}" for load in LOADS)
        + " (moyenne sur 1 min, au début puis à la fin).\n"
    )
    print(
        "| phase | lectures | lectures hors 2xx/3xx | p50 | p99 | enregistrements acceptés "
        "/ tentés | refusés | visible dans les 2 caches, max | perdus | image servie par "
        "l’autre serveur | tâche de la file |"
    )
    print("| --- | ---: | --- | ---: | ---: | ---: | --- | ---: | ---: | --- | --- |")
    failures = []
    for phase in phases:
        row, missed = summarise(phase, readers, editors, lost, outcomes[phase.name])
        print(row)
        failures += missed
    retried = [s for s in editors.saves if s.retried_from]
    durations = [s.seconds for s in editors.saves if s.accepted]
    server_errors = sum(1 for r in readers.readings if r.status >= 500 and r.status != 503)
    server_errors += sum(1 for s in editors.saves if s.status >= 500 and s.status != 503)
    print(
        f"\nRéponses 500 (et autres 5xx sauf 503) : {server_errors}. Un Varnish arrêté a refusé "
        f"{len(readers.refused):,} connexion(s) de lecteurs, servies aussitôt par l’autre (comme "
        f"le ferait un répartiteur) ; {len(retried)} enregistrement(s) refusé(s) à la connexion "
        "par le serveur arrêté, refait(s) aussitôt sur l’autre. Un enregistrement (formulaire "
        f"lu puis envoyé) a pris {percentile(durations, 0.5):.2f} s (médiane), "
        f"{max(durations, default=0):.2f} s au plus. « visible » : secondes entre la réponse de "
        "l’admin et la page montrant le nouveau titre dans chaque Varnish en marche. « tâche de "
        "la file » : une purge mise en file au milieu de la panne, son état à "
        "la fin, et quand le worker l’a faite, en secondes après la remise en route."
    )
    if errors:
        print("\nErreurs journalisées avec leur trace, par processus :")
        for line, count in errors.items():
            print(f"- {count} × {line}")
    if failures:
        print("\nObjectifs manqués :")
        for line in failures:
            print(f"- {line}" if not line.startswith("  ") else f"  - {line.strip()}")
        return False
    print(
        "\nObjectifs atteints : aucune 500 ; 503 seulement pour ce qui demande PostgreSQL "
        "(ou le stockage, pour l’image) pendant sa coupure ; aucun enregistrement perdu ; "
        f"chaque modification visible dans les caches en marche en {VISIBLE_TARGET:g} s au "
        "plus ; chaque image servie par l’autre serveur ; chaque tâche faite."
    )
    return True


# --- Main --------------------------------------------------------------------------------------


def missing_tools() -> list[str]:
    from tests.support.varnish import varnishd_path

    missing = [] if varnishd_path() else ["varnish", "varnish-modules"]
    return missing + ([] if shutil.which("redis-server") else ["redis-server"])


def main() -> bool:
    missing = missing_tools()
    if missing:
        sys.exit("Il manque : " + " ".join(missing) + " (apt-get install -y …).")
    started = now()
    LOADS.append(os.getloadavg()[0])
    with Servers() as servers:
        cluster = Cluster(servers)
        prepared = False
        try:
            cluster.start()
            create_database()
            content = prepare(cluster)
            prepared = True
            for name in cluster.app_ports:
                cluster.start_app(name)
            for name in cluster.varnish_ports:
                cluster.start_varnish(name)
            cluster.start_worker()
            print(f"… prêt en {now() - started:.0f} s", file=sys.stderr, flush=True)
            readers = Readers(cluster, content.paths)
            editors = Editors(cluster, content)
            editors.login()
            readers.start()
            editors.start()
            try:
                for phase in PHASES:
                    run_phase(phase, cluster, editors)
            finally:
                editors.stop()
                readers.stop()
            outcomes = task_outcomes(PHASES)
            lost = lost_saves(editors.saves, content)
            errors = log_errors(servers)
        finally:
            servers.stop_all()
            cluster.close()
            drop_database(django_ready=prepared)
    LOADS.append(os.getloadavg()[0])
    passed = report(PHASES, readers, editors, outcomes, lost, errors)
    print(f"\nDurée de l’exercice : {now() - started:.0f} s.")
    return passed


if __name__ == "__main__":
    from results import recorded

    with recorded("make drill"):
        passed = main()
    if not passed:
        sys.exit(1)
