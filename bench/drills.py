"""Fault drills under load: Redis stopped, then the database cut; a scheduled publication.

The drills run a site of their own beside the bench's: gunicorn with Varnish in front, its cache
in a redis-server the bench starts on a free port, its database reached through a TCP relay in
this process. Each drill loads it for BEFORE + OUTAGE + AFTER seconds with

- wrk through Varnish over a few hundred addresses warmed first (what Varnish holds),
- wrk straight to gunicorn over the measured pages (rendered on every request),
- a loop filling in the accreditation form of an open event (GET, then POST) through Varnish,
- /healthz read every half second,

and counts the answers by status before, during and after the outage: Redis stopped (then
started again on the same port), or the relay closed, cutting every database connection and
refusing new ones (then opened again). With BENCH_STOP_POSTGRES=1 the second drill stops the
PostgreSQL server itself instead (pg_ctlcluster; every database of that server goes down for a
moment). No answer may be a 500; 503s are expected for what Varnish does not hold.
"""

import os
import random
import re
import subprocess
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import storm
from benchlib import (
    DATABASE_URL,
    HealthWatch,
    Relay,
    Servers,
    get,
    logged_errors,
    production_env,
    wrk,
)

BEFORE = 5
OUTAGE = float(os.environ.get("BENCH_OUTAGE_SECONDS", "10"))
AFTER = 10
VARNISH_ADDRESSES = 300
EVENT_SLUG = "exercice-de-panne-bench"
PHASES = ("avant", "pendant", "après")


def _phase(moment: float, cut: float, restored: float) -> str:
    return "avant" if moment < cut else "pendant" if moment < restored else "après"


def _second_phase(second: int, cut: float, restored: float) -> str:
    """The phase of one of wrk's whole seconds: a second that saw the cut or the restoration
    counts as part of the outage."""
    if second < int(cut):
        return "avant"
    return "pendant" if second <= int(restored) else "après"


class Drill:
    """One outage under load: start the loads, cut, restore, wait for the loads to end."""

    def __init__(self, name, site, varnish, health, form_path, varnish_paths, pages):
        self.name = name
        self.pages = pages
        self.health_watch = health
        self.site = site
        self.varnish = varnish
        self.form_path = form_path
        self.varnish_paths = varnish_paths
        self.site_paths = varnish_paths.with_name("exercice-gunicorn.txt")
        self.site_paths.write_text("\n".join(pages) + "\n")
        self.during: dict[str, str] = {}
        self.records: list[tuple[float, str, int]] = []
        self.health: list[tuple[float, int, str]] = []
        self.loads: dict[str, dict] = {}

    def run(self, cut, restore) -> dict:
        seconds = BEFORE + OUTAGE + AFTER
        self.stop_at = time.time() + seconds
        threads = [
            threading.Thread(target=self._wrk, args=("varnish", self.varnish, self.varnish_paths)),
            threading.Thread(target=self._wrk, args=("gunicorn", self.site, self.site_paths)),
            threading.Thread(target=self._form_loop),
            threading.Thread(target=self._health_loop),
        ]
        for thread in threads:
            thread.start()
        try:
            time.sleep(BEFORE)
            self.cut = time.time()
            cut()
            time.sleep(max(0.0, self.cut + OUTAGE / 2 - time.time()))
            for path in self.pages:
                status, headers, _body = get(self.varnish + path, timeout=5)
                self.during[path] = f"{status} ({headers.get('X-Cache', 'synthétique')})"
            time.sleep(max(0.0, self.cut + OUTAGE - time.time()))
            self.restored = time.time()
            restore()
        finally:
            for thread in threads:
                thread.join()
        return self.summary()

    def _wrk(self, name: str, base: str, paths: Path) -> None:
        seconds = BEFORE + OUTAGE + AFTER
        self.loads[name] = wrk(base, seconds, threads=1, connections=8, paths=paths, count=True)

    def _form_loop(self) -> None:
        url = self.varnish + self.form_path
        while time.time() < self.stop_at:
            status, headers, body = get(url, timeout=10)
            self.records.append((time.time(), "GET", status))
            token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
            stamp = re.search(rb'name="started" value="([^"]+)"', body)
            cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", ""))
            if status != 200 or not (token and stamp and cookie):
                time.sleep(0.2)
                continue
            data = {
                "csrfmiddlewaretoken": token.group(1).decode(),
                "started": stamp.group(1).decode(),
                "first_name": "Claire",
                "last_name": "Dumont",
                "email": f"exercice-{uuid.uuid4().hex[:12]}@example.org",
                "phone": "+32 470 12 34 56",
                "outlet": "L’Avenir Namur",
                "media_type": "print",
                "role": "journalist",
                "press_card_number": "BE-12345",
                "consent": "on",
                "website": "",
            }
            status, _headers, _body = get(
                url,
                timeout=10,
                data=urlencode(data).encode(),
                headers={
                    "Cookie": f"csrftoken={cookie.group(1)}",
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            self.records.append((time.time(), "POST", status))

    def _health_loop(self) -> None:
        while time.time() < self.stop_at:
            try:
                status, _headers, body = get(self.site + "/healthz", timeout=5)
                text = ", ".join(body.decode().splitlines())
            except OSError as error:
                status, text = 0, type(error).__name__
            self.health.append((time.time(), status, text))
            time.sleep(0.5)

    def summary(self) -> dict:
        counts = {name: {phase: {} for phase in PHASES} for name in LOAD_NAMES}
        for name, result in self.loads.items():
            per_phase = counts[name]
            for second, statuses in result["answers"].items():
                phase = per_phase[_second_phase(second, self.cut, self.restored)]
                for status, n in statuses.items():
                    phase[status] = phase.get(status, 0) + n
        for moment, kind, status in self.records:
            per_phase = counts[f"formulaire {kind}"]
            phase = per_phase[_phase(moment, self.cut, self.restored)]
            phase[status] = phase.get(status, 0) + 1
        health: dict[str, dict[str, int]] = {phase: {} for phase in PHASES}
        for moment, status, text in self.health:
            answers = health[_phase(moment, self.cut, self.restored)]
            key = f"{status} « {text} »"
            answers[key] = answers.get(key, 0) + 1
        healthy = next(
            (
                moment - self.restored
                for moment, status, text in self.health
                # These drills run no task worker: its line is not the site's health.
                if moment > self.restored
                and status == 200
                and "database: ok" in text
                and "cache: ok" in text
            ),
            None,
        )
        posted = next(
            (
                moment - self.restored
                for moment, kind, status in self.records
                if moment > self.restored and kind == "POST" and status == 302
            ),
            None,
        )
        socket_errors = {
            name: result["socket_errors"] for name, result in self.loads.items() if result
        }
        sick = self.health_watch.sick_periods(self.cut - BEFORE, self.stop_at)
        return {
            "name": self.name,
            "sick": [(start - self.cut, end - self.restored) for start, end in sick],
            "counts": counts,
            "health": health,
            "healthy_after": healthy,
            "posted_after": posted,
            "socket_errors": socket_errors,
            "during": self.during,
            "seconds": {
                "avant": self.cut - (self.stop_at - BEFORE - OUTAGE - AFTER),
                "pendant": self.restored - self.cut,
                "après": self.stop_at - self.restored,
            },
        }


def _open_event():
    from django.utils import timezone

    from accreditations.models import Event

    now = timezone.now()
    event, _created = Event.objects.update_or_create(
        slug=EVENT_SLUG,
        defaults={
            "title": "Exercice de panne",
            "venue": "Hôtel de ville",
            "starts": now + timedelta(days=40),
            "ends": now + timedelta(days=40, hours=3),
            "accreditation_opens": now - timedelta(days=1),
            "accreditation_closes": now + timedelta(days=30),
        },
    )
    return event


def _forget_event(since) -> None:
    from django_tasks_db.models import DBTaskResult

    from accreditations.models import AccreditationRequest, Event

    AccreditationRequest.objects.filter(event__slug=EVENT_SLUG).delete()
    Event.objects.filter(slug=EVENT_SLUG).delete()
    # The acknowledgments the posts queued: no worker runs for the bench.
    DBTaskResult.objects.filter(enqueued_at__gte=since).delete()


def _postgres_cluster(action: str) -> None:
    from django.db import connections

    versions = sorted(Path("/etc/postgresql").iterdir()) if Path("/etc/postgresql").is_dir() else []
    if not versions:
        raise RuntimeError("BENCH_STOP_POSTGRES : aucun PostgreSQL géré par pg_ctlcluster ici.")
    connections.close_all()
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1].name, "main", action]
    if action == "stop":
        command += ["-m", "fast"]
    subprocess.run(command, check=True, capture_output=True)


def run(servers: Servers, pages: list[str]) -> tuple[list[dict], dict[str, int]]:
    """Run both drills on a site of their own; return what each saw, and the errors the site
    logged with a traceback (by kind, with their count)."""
    from django.utils import timezone

    since = timezone.now()
    redis_port = servers.start_redis("redis-exercice")
    database = urlsplit(DATABASE_URL)
    relay = Relay(database.port or 5432, servers.port(), target_host=database.hostname)
    varnish_port = servers.port()
    relayed = database._replace(netloc=f"{database.username}@127.0.0.1:{relay.port}").geturl()
    env = production_env(
        DATABASE_URL=relayed,
        CACHE_URL=f"redis://127.0.0.1:{redis_port}/0",
        VARNISH_URLS=f"http://127.0.0.1:{varnish_port}",
        # Every post of the loop is a journalist's: no fill-time or rate-limit refusal.
        ACCREDITATION_MIN_FILL_SECONDS="0",
        ACCREDITATION_RATE_LIMIT="1000000",
    )
    if database.password:
        raise RuntimeError("Exercices : BENCH_DATABASE_URL avec mot de passe non pris en charge.")
    try:
        site = servers.start("site-exercice", env)
        varnish = servers.start_varnish("varnish-exercice", site, port=varnish_port)
        health = HealthWatch(servers, "varnish-exercice")
        event = _open_event()
        addresses = [*pages, *random.Random(7).sample(storm.paths(), VARNISH_ADDRESSES)]
        storm.warm(varnish, addresses)
        varnish_paths = servers.workdir / "exercice-varnish.txt"
        varnish_paths.write_text("\n".join(addresses) + "\n")
        form_path = f"/accreditations/{event.slug}/"

        def drill(name):
            return Drill(name, site, varnish, health, form_path, varnish_paths, pages)

        results = [
            drill("Redis arrêté").run(
                cut=lambda: servers.stop("redis-exercice"),
                restore=lambda: servers.start_redis("redis-exercice", port=redis_port),
            )
        ]
        if os.environ.get("BENCH_STOP_POSTGRES"):
            results.append(
                drill("serveur PostgreSQL arrêté (pg_ctlcluster)").run(
                    cut=lambda: _postgres_cluster("stop"),
                    restore=lambda: _postgres_cluster("start"),
                )
            )
        else:
            results.append(
                drill("base de données coupée (relais TCP fermé)").run(
                    cut=relay.stop, restore=relay.open
                )
            )
    finally:
        relay.stop()
        _forget_event(since)
    return results, logged_errors(servers.workdir / "site-exercice.log")


def scheduled_publication(varnish: str) -> tuple[str, str, bool]:
    """Publish a draft three seconds ahead; read the news list through Varnish until it shows,
    with the list cached meanwhile."""
    from django.utils import timezone

    from core.models import Status
    from news.models import Article

    draft = Article.objects.filter(slug__startswith="bench-", status=Status.DRAFT).first()
    saved = (draft.status, draft.publication_date)
    link = f"/{draft.slug}/".encode()
    try:
        draft.status = Status.PUBLISHED
        draft.publication_date = timezone.now() + timedelta(seconds=3)
        draft.save()
        started = time.monotonic()
        get(varnish + "/actualites/")
        _s, headers, body = get(varnish + "/actualites/")
        hidden = headers.get("X-Cache") == "hit" and link not in body
        shown, waited = False, 0.0
        while not shown and time.monotonic() - started < 10:
            time.sleep(0.25)
            _s, headers, body = get(varnish + "/actualites/")
            shown = link in body
            waited = time.monotonic() - started
    finally:
        draft.status, draft.publication_date = saved
        draft.save()
    return (
        "publication programmée à +3 s, liste des actualités en cache dans Varnish",
        f"avant : {'absente (hit)' if hidden else 'déjà là, ou pas en cache'} ; "
        + (f"affichée après {waited:.1f} s" if shown else "pas affichée après 10 s"),
        hidden and shown and waited < 5,
    )


def _cell(statuses: dict[int, int], seconds: float) -> str:
    if not statuses:
        return "—"
    total = sum(statuses.values())
    parts = ", ".join(f"{n:,} × {status}" for status, n in sorted(statuses.items()))
    return f"{parts} ({total / seconds:,.0f}/s)" if seconds > 0 else parts


def server_errors(results: list[dict]) -> int:
    """Count the answers 500 and other 5xx but 503 in every drill."""
    return sum(
        n
        for result in results
        for per_phase in result["counts"].values()
        for statuses in per_phase.values()
        for status, n in statuses.items()
        if status >= 500 and status != 503
    )


LOAD_NAMES = {
    "varnish": "wrk via Varnish (adresses en cache)",
    "gunicorn": "wrk vers gunicorn (pages sans cache)",
    "formulaire GET": "formulaire d’accréditation : GET via Varnish",
    "formulaire POST": "formulaire d’accréditation : POST via Varnish",
}


def print_results(
    results: list[dict], scheduled: tuple[str, str, bool], logged: dict[str, int]
) -> None:
    print(
        f"Exercices de panne : un site à part (gunicorn, Varnish devant, son propre "
        f"redis-server, sa base derrière un relais TCP), {BEFORE} s normales, {OUTAGE:g} s de "
        f"panne, {AFTER} s après la remise en route ; wrk 8 connexions vers Varnish "
        f"({VARNISH_ADDRESSES} adresses + les pages mesurées, chauffées), 8 vers gunicorn "
        "(les pages mesurées), une boucle GET + POST du formulaire, /healthz toutes les 0,5 s. "
        "Réponses par statut (et par seconde) ; wrk compte par seconde entière, la seconde de "
        "la coupure et celle de la remise en route comptent dans la panne.\n"
    )
    print("| panne | charge | avant | pendant la panne | après |")
    print("| --- | --- | --- | --- | --- |")
    for result in results:
        seconds = result["seconds"]
        for name, per_phase in result["counts"].items():
            cells = " | ".join(_cell(per_phase[phase], seconds[phase]) for phase in PHASES)
            print(f"| {result['name']} | {LOAD_NAMES.get(name, name)} | {cells} |")
        cells = " | ".join(
            "<br>".join(f"{n} × {answer}" for answer, n in result["health"][phase].items()) or "—"
            for phase in PHASES
        )
        print(f"| {result['name']} | /healthz direct | {cells} |")
    print()
    for result in results:
        healthy, posted = result["healthy_after"], result["posted_after"]
        print(
            f"- {result['name']} : /healthz de nouveau tout « ok » "
            + (f"{healthy:.1f} s" if healthy is not None else "jamais")
            + " après la remise en route ; premier formulaire enregistré (302) après "
            + (f"{posted:.1f} s" if posted is not None else "jamais")
            + " ; backend malade pour Varnish : "
            + (
                ", ".join(
                    f"de {start:+.1f} s après la coupure à {end:+.1f} s après la remise en route"
                    for start, end in result["sick"]
                )
                or "jamais"
            )
            + " ; pages mesurées lues via Varnish au milieu de la panne : "
            + ", ".join(f"{path} {answer}" for path, answer in result["during"].items())
            + " ; erreurs de socket de wrk : "
            + "; ".join(
                f"{name} {errors or 'aucune'}" for name, errors in result["socket_errors"].items()
            )
        )
    errors = server_errors(results)
    print(
        f"\nObjectif des exercices : aucune réponse 500 : {errors} réponse(s) 5xx autre(s) que "
        f"503, {'atteint' if not errors else 'manqué'}.\n"
    )
    # A 503 logs its cause too (the database cut): the others are what a 500 would come from.
    unexpected = {line: n for line, n in logged.items() if "Service Unavailable" not in line}
    if unexpected:
        print("Erreurs journalisées par le site des exercices avec leur trace (hors 503) :")
        for line, count in sorted(unexpected.items(), key=lambda item: -item[1]):
            print(f"- {count} × {line}")
        print()
    name, result, passed = scheduled
    print(f"Vérification : {name} : {result} — {'ok' if passed else '**NON**'}")
