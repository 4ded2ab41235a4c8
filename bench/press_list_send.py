"""Press list benchmark: one release e-mailed to 10,000 subscribers while the site is loaded.

    make bench-presslist                              # database namur_bench_presslist
    BENCH_SUBSCRIBERS=2000 make bench-presslist
    BENCH_PRESSLIST_RATE=20 make bench-presslist      # at the default pace of production

Needs wrk, PostgreSQL for BENCH_DATABASE_URL (created if missing, filled once with
BENCH_ARTICLES articles, 10,000 by default, and reused) and Redis on 127.0.0.1:6379 (database
3, BENCH_CACHE_URL).

1. Keeps BENCH_SUBSCRIBERS (10,000) confirmed subscribers to every release in the database,
   and deletes what an earlier run sent.
2. Starts, on 127.0.0.1: an SMTP sink (bench/smtp_sink.py, aiosmtpd) that counts what it
   receives; gunicorn of the site (namur_site/gunicorn.py, production settings, no Varnish:
   every page is rendered); BENCH_PRESSLIST_WORKERS (2) task workers (``manage.py db_worker``)
   sending to the sink, at BENCH_PRESSLIST_RATE e-mails per second (0, the default: as fast as
   they can) in batches of PRESS_LIST_BATCH_SIZE (100).
3. Loads the press list page with wrk for BENCH_SECONDS (5) before the release: requests per
   second and latency.
4. Publishes a release in this process, as the admin does, and loads the same page with wrk, in
   rounds of 3 s, until the sink holds every e-mail: time to the first and the last e-mail after
   the publication, e-mails per second, and the page's requests per second meanwhile. Then
   checks that every subscriber got exactly one e-mail and every delivery is recorded "sent".

Every server the bench starts is stopped at the end, also on errors or Ctrl-C.
"""

import json
import os
import shutil
import sys
import threading
import time
from pathlib import Path

os.environ.setdefault(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/namur_bench_presslist"
)
os.environ.setdefault("BENCH_ARTICLES", "10000")

from benchlib import (
    BIN,
    ROOT,
    Servers,
    fill,
    is_filled,
    prepare,
    production_env,
    wrk,
)

SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", "10000"))
SENDING_WORKERS = int(os.environ.get("BENCH_PRESSLIST_WORKERS", "2"))
RATE = os.environ.get("BENCH_PRESSLIST_RATE", "0")
BATCH_SIZE = os.environ.get("PRESS_LIST_BATCH_SIZE", "100")
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
ROUND_SECONDS = 3
TIMEOUT = float(os.environ.get("BENCH_PRESSLIST_TIMEOUT", "1800"))
PAGE = "/presse/"
SLUG = "cp-bench-liste-de-presse"


def site_env(**extra: str) -> dict[str, str]:
    # No Varnish in this bench: nothing to purge.
    return production_env(VARNISH_URLS="", **extra)


def setup() -> None:
    os.environ.update(site_env())
    import django

    django.setup()


def keep_subscribers() -> None:
    """Keep SUBSCRIBERS confirmed subscribers to every release; forget the earlier sends."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from press.models import PressRelease
    from press.presslist.models import Subscriber

    PressRelease.objects.filter(slug=SLUG).delete()  # its dispatches and deliveries go with it
    DBTaskResult.objects.all().delete()
    if Subscriber.objects.confirmed().filter(all_topics=True).count() != SUBSCRIBERS:
        Subscriber.objects.all().delete()
        now = timezone.now()
        Subscriber.objects.bulk_create(
            [
                Subscriber(
                    email=f"abonne{number}@redaction-{number % 50}.example",
                    name=f"Journaliste {number}",
                    outlet=f"Rédaction {number % 50}",
                    all_topics=True,
                    confirmed_at=now,
                )
                for number in range(SUBSCRIBERS)
            ],
            batch_size=2000,
        )


def publish() -> None:
    """Publish a release as the admin does: the service saves it, the commit queues it."""
    from django.utils import timezone

    from core.models import Status
    from news.models import Topic
    from press.models import PressRelease
    from press.services import save_release

    release = PressRelease(
        title="Le nouveau pont sur la Meuse ouvre le 2 avril",
        slug=SLUG,
        lead="La passerelle cyclable et piétonne relie Jambes au centre-ville.",
        body="<p>" + "Le pont est accessible à tous, à pied comme à vélo. " * 30 + "</p>",
        quote_text="Un pont pour tous les Namurois.",
        quote_speaker="Julien Dumonceau",
        topic=Topic.objects.first(),
        status=Status.PUBLISHED,
        publication_date=timezone.now(),
    )
    save_release(release=release)


class Sink:
    """The SMTP sink's counts, read from the file it rewrites every second."""

    def __init__(self, path: Path):
        self.path = path

    def stats(self) -> dict:
        try:
            return json.loads(self.path.read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return {"messages": 0, "recipients": 0, "first": None, "last": None}


def start_workers(servers: Servers, sink_port: int) -> None:
    env = site_env(
        EMAIL_URL=f"smtp://127.0.0.1:{sink_port}",
        PRESS_LIST_MESSAGES_PER_SECOND=RATE,
        PRESS_LIST_BATCH_SIZE=BATCH_SIZE,
    )
    for number in range(SENDING_WORKERS):
        name = f"worker-{number}"
        command = [str(BIN / "python"), "manage.py", "db_worker", "--worker-id", name]
        servers.spawn(name, command, None, env=env)


def load_while(url: str, busy: threading.Event) -> list[dict]:
    """Load ``url`` in rounds of ROUND_SECONDS until ``busy`` is cleared; return the rounds."""
    rounds = []
    while busy.is_set():
        rounds.append(wrk(url, ROUND_SECONDS))
    return rounds


def deliveries() -> dict[str, int]:
    from django.db.models import Count

    from press.presslist.models import Delivery

    return dict(
        Delivery.objects.filter(dispatch__release__slug=SLUG)
        .values_list("status")
        .annotate(Count("pk"))
        .values_list("status", "pk__count")
    )


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("Introuvable : wrk. Installez-le (Debian : apt-get install -y wrk).")
    setup()
    prepare()
    if not is_filled():
        print("Génération du contenu du site…", flush=True)
        fill()
    keep_subscribers()
    with Servers() as servers:
        sink_port = servers.port()
        sink = Sink(servers.workdir / "sink.json")
        sink_script = str(ROOT / "bench" / "smtp_sink.py")
        servers.spawn(
            "smtp", [str(BIN / "python"), sink_script, str(sink_port), str(sink.path)], sink_port
        )
        site = servers.start("site", site_env())
        start_workers(servers, sink_port)
        url = site + PAGE
        wrk(url, 1)  # warm-up: connections, the processes' own caches
        before = wrk(url, SECONDS)

        busy = threading.Event()
        busy.set()
        during: list[dict] = []
        loader = threading.Thread(target=lambda: during.extend(load_while(url, busy)))
        published = time.time()
        publish()
        loader.start()
        deadline = time.monotonic() + TIMEOUT
        while sink.stats()["messages"] < SUBSCRIBERS and time.monotonic() < deadline:
            time.sleep(0.5)
        busy.clear()
        loader.join()
        servers.stop("smtp")  # the sink writes its last counts as it stops
        stats = sink.stats()
        states = deliveries()
    report(before, during, stats, states, published)


def report(before, during, stats, states, published) -> None:
    first = stats["first"] - published if stats["first"] else float("nan")
    last = stats["last"] - published if stats["last"] else float("nan")
    requests = sum(run["requests"] for run in during)
    during_rps = requests / (ROUND_SECONDS * len(during)) if during else float("nan")
    p99 = max((run["p99"] for run in during), default=float("nan"))
    errors = sum(run["errors"] for run in during)
    rate = "sans limite" if float(RATE) == 0 else f"{RATE} e-mails/s"
    print(
        f"\nListe de presse : {SUBSCRIBERS:,} abonnés, {SENDING_WORKERS} workers, lots de "
        f"{BATCH_SIZE}, cadence {rate} ; page {PAGE} servie par gunicorn sans Varnish\n"
    )
    rows = [
        ("premier e-mail après la publication", f"{first:.1f} s"),
        ("dernier e-mail après la publication", f"{last:.1f} s"),
        ("e-mails par seconde (publication → dernier)", f"{stats['messages'] / last:.0f}"),
        (
            "e-mails reçus / destinataires distincts",
            f"{stats['messages']:,} / {stats['recipients']:,}",
        ),
        ("remises enregistrées", ", ".join(f"{k} {v:,}" for k, v in sorted(states.items()))),
        (
            f"{PAGE} avant : req/s (p50, p99)",
            f"{before['rps']:.0f} ({before['p50']:.0f} ms, {before['p99']:.0f} ms)",
        ),
        (f"{PAGE} pendant l’envoi : req/s (p99 max)", f"{during_rps:.0f} ({p99:.0f} ms)"),
        ("réponses en erreur pendant l’envoi", f"{errors}"),
    ]
    width = max(len(label) for label, _value in rows)
    for label, value in rows:
        print(f"| {label.ljust(width)} | {value} |")
    if stats["messages"] != SUBSCRIBERS or stats["recipients"] != SUBSCRIBERS:
        sys.exit("Échec : chaque abonné devait recevoir exactement un e-mail.")


if __name__ == "__main__":
    from results import recorded

    with recorded("make bench-presslist"):
        main()
