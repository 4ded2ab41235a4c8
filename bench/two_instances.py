"""Two app instances on one PostgreSQL and one Redis, and the health endpoint.

    .venv/bin/python bench/two_instances.py     # after `make bench` has filled the database

Starts gunicorn instances A and B with the same DATABASE_URL and CACHE_URL, reads a page through
A until it comes from the page cache, edits the article with Django in this process (as the
admin would) and reads it again through A and B at once; then publishes an article three seconds
ahead and waits for A to show it, with no request in between that could refresh the page. Last,
/healthz answers 200 on A and 503 on an instance whose database port is closed; with
BENCH_STOP_POSTGRES=1, also 503 on A while the PostgreSQL server is stopped (pg_ctlcluster) and
200 again once it is back.
"""

import os
import re
import subprocess
import sys
import time
from datetime import timedelta
from html import unescape
from pathlib import Path

from benchlib import Servers, get, prepare, production_env, setup_django

CLOSED_DATABASE_URL = "postgres://postgres@127.0.0.1:5499/namur_bench"


def _title_shown(body: bytes) -> str:
    match = re.search(rb"<h1[^>]*>(.*?)</h1>", body, re.S)
    return unescape(match.group(1).decode().strip()) if match else ""


def check(servers: Servers) -> list[tuple[str, str, bool]]:
    """Return (check, result, passed) rows."""
    from django.utils import timezone

    from namur_site.core.models import Status
    from news.models import Article

    env = production_env(PAGE_CACHE_SECONDS="600")
    a = servers.start("instance-a", env)
    b = servers.start("instance-b", env)
    rows = []

    article = Article.objects.live().filter(slug__startswith="bench-").first()
    url = article.get_absolute_url()
    cached = True
    for instance in (a, b):
        get(instance + url)
        _status, headers, body = get(instance + url)
        cached = cached and headers.get("X-Cache") == "hit" and _title_shown(body) == article.title
    original = article.title
    try:
        article.title = f"{original} — modifié"
        article.save()
        _s, headers_a, body_a = get(a + url)
        _s, headers_b, body_b = get(b + url)
        seen_a = _title_shown(body_a) == article.title
        seen_b = _title_shown(body_b) == article.title
    finally:
        article.title = original
        article.save()
    rows.append(
        (
            "modification vue aussitôt par A et B (page en cache dans les deux)",
            f"avant : {'hit sur A et B' if cached else 'pas en cache'} ; après : A "
            f"{'voit' if seen_a else 'ne voit pas'} le nouveau titre "
            f"({headers_a.get('X-Cache', '?')}), B {'le voit' if seen_b else 'ne le voit pas'} "
            f"({headers_b.get('X-Cache', '?')})",
            cached and seen_a and seen_b,
        )
    )

    draft = Article.objects.filter(slug__startswith="bench-", status=Status.DRAFT).first()
    saved = (draft.status, draft.publication_date)
    try:
        draft.status = Status.PUBLISHED
        draft.publication_date = timezone.now() + timedelta(seconds=3)
        draft.save()
        get(a + "/actualites/")
        _s, headers, body = get(a + "/actualites/")
        hidden = headers.get("X-Cache") == "hit" and f"/{draft.slug}/".encode() not in body
        shown, waited, started = False, 0.0, time.monotonic()
        time.sleep(3)
        while not shown and time.monotonic() - started < 10:
            _s, headers, body = get(a + "/actualites/")
            shown = f"/{draft.slug}/".encode() in body
            waited = time.monotonic() - started
            time.sleep(0.25)
    finally:
        draft.status, draft.publication_date = saved
        draft.save()
    rows.append(
        (
            "publication programmée à +3 s, liste en cache sur A",
            f"avant : {'absente (hit)' if hidden else 'déjà là ?'} ; "
            + (f"affichée après {waited:.1f} s" if shown else "pas affichée après 10 s"),
            hidden and shown and waited < 5,
        )
    )

    up, _h, _b = get(a + "/healthz")
    broken = servers.start("instance-sans-base", production_env(DATABASE_URL=CLOSED_DATABASE_URL))
    down, _h, body = get(broken + "/healthz")
    rows.append(
        (
            "/healthz",
            f"base joignable : {up} ; base injoignable (port 5499) : {down} "
            f"« {', '.join(body.decode().splitlines())} »",
            up == 200 and down == 503,
        )
    )
    servers.stop("instance-sans-base")
    if os.environ.get("BENCH_STOP_POSTGRES"):
        rows.append(_healthz_across_a_postgres_restart(a))
    return rows


def _healthz_across_a_postgres_restart(base: str) -> tuple[str, str, bool]:
    """Stop the PostgreSQL server itself, read /healthz, start it again, read /healthz until it
    answers 200. Only with BENCH_STOP_POSTGRES=1: every database of that server goes down."""
    from django.db import connections

    cluster = ["pg_ctlcluster", "--skip-systemctl-redirect", *_cluster(), "main"]
    connections.close_all()
    subprocess.run([*cluster, "stop", "-m", "fast"], check=True, capture_output=True)
    try:
        stopped, _h, body = get(base + "/healthz")
    finally:
        subprocess.run([*cluster, "start"], check=True, capture_output=True)
    started = time.monotonic()
    back = None
    while time.monotonic() - started < 30:
        back, _h, _b = get(base + "/healthz")
        if back == 200:
            break
        time.sleep(0.2)
    waited = time.monotonic() - started
    return (
        "/healthz, PostgreSQL arrêté puis relancé",
        f"arrêté : {stopped} « {', '.join(body.decode().splitlines())} » ; "
        f"relancé : {back} après {waited:.1f} s",
        stopped == 503 and back == 200,
    )


def _cluster() -> list[str]:
    versions = sorted(Path("/etc/postgresql").iterdir()) if Path("/etc/postgresql").is_dir() else []
    if not versions:
        raise RuntimeError("BENCH_STOP_POSTGRES : aucun PostgreSQL géré par pg_ctlcluster ici.")
    return [versions[-1].name]


def print_rows(rows) -> None:
    print("| vérification | résultat | ok |")
    print("| --- | --- | --- |")
    for name, result, passed in rows:
        print(f"| {name} | {result} | {'oui' if passed else '**NON**'} |")


def main():
    setup_django()
    prepare()
    with Servers() as servers:
        rows = check(servers)
    print_rows(rows)
    sys.exit(0 if all(passed for *_rest, passed in rows) else 1)


if __name__ == "__main__":
    main()
