"""The publish storm: readers spread over 2,000 addresses through Varnish while editors save.

wrk (BENCH_STORM_CONNECTIONS connections, 16 by default) picks addresses at random among
BENCH_STORM_URLS (2,000) taken from the database — article and press release pages, list pages
with ?page=N, the home page, topic, tag and month pages, feeds — for BENCH_STORM_SECONDS (60),
all warmed in Varnish first. Meanwhile an article of that list is saved every
BENCH_STORM_EDIT_SECONDS (10) by the model's save, in a transaction, in this process (which has
VARNISH_URLS: the purge goes out after the commit, as for an edit in the admin), and its page is
read through Varnish every 20 ms until it shows the new title.
"""

import os
import random
import re
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from pathlib import Path

from benchlib import HealthWatch, Servers, get, varnish_counters, wrk

SECONDS = int(os.environ.get("BENCH_STORM_SECONDS", "60"))
# The same load without any save first, to tell what the purges cost.
CALM_SECONDS = int(os.environ.get("BENCH_STORM_CALM_SECONDS", "15"))
EDIT_EVERY = float(os.environ.get("BENCH_STORM_EDIT_SECONDS", "10"))
URLS = int(os.environ.get("BENCH_STORM_URLS", "2000"))
CONNECTIONS = int(os.environ.get("BENCH_STORM_CONNECTIONS", "16"))
P99_TARGET_MS = 100
VISIBLE_TARGET_SECONDS = 2.0


def paths(count: int = URLS) -> list[str]:
    """Return ``count`` distinct public addresses of the bench content, lists about a quarter."""
    from django.db.models import Count
    from taggit.models import Tag

    from news.models import Article, Topic
    from press.models import PressRelease

    rng = random.Random(2026)
    found = ["/", "/actualites/", "/actualites/flux.rss", "/actualites/flux.atom"]
    found += ["/presse/", "/presse/espace-presse/", "/presse/flux.rss", "/presse/flux.atom"]
    found += [f"/actualites/?page={n}" for n in range(2, 101)]
    found += [f"/presse/?page={n}" for n in range(2, 41)]
    for topic in Topic.objects.order_by("pk"):
        base = topic.get_absolute_url()
        found += [base, f"{base}flux.rss", f"{base}flux.atom"]
        found += [f"{base}?page={n}" for n in range(2, 9)]
    tags = Tag.objects.annotate(n=Count("news_taggedarticle_items")).filter(n__gt=0).order_by("-n")
    for rank, slug in enumerate(tags.values_list("slug", flat=True)[:120]):
        found.append(f"/actualites/tag/{slug}/")
        if rank < 40:
            found += [f"/actualites/tag/{slug}/flux.rss", f"/actualites/tag/{slug}/?page=2"]
    found += [f"/presse/tag/{slug}/" for slug in tags.values_list("slug", flat=True)[:30]]
    months = Article.objects.live().dates("publication_date", "month", order="DESC")[:24]
    found += [f"/actualites/{month:%Y}/{month:%m}/" for month in months]
    found = list(dict.fromkeys(found))
    details = count - len(found)
    releases = details // 5
    articles = Article.objects.live().filter(slug__startswith="bench-").order_by("-pk")
    article_slugs = list(articles.values_list("slug", flat=True)[: (details - releases) * 5])
    release_slugs = list(
        PressRelease.objects.live().order_by("-pk").values_list("slug", flat=True)[: releases * 5]
    )
    found += [f"/actualites/{slug}/" for slug in rng.sample(article_slugs, details - releases)]
    found += [f"/presse/{slug}/" for slug in rng.sample(release_slugs, releases)]
    return found


def warm(base: str, addresses: list[str], workers: int = 8) -> dict[int, int]:
    """Read every address once through ``base``; return the count of answers by status."""
    statuses: dict[int, int] = {}

    def read(path):
        return get(base + path, headers={"Accept-Encoding": "gzip"}, timeout=30)[0]

    with ThreadPoolExecutor(workers) as pool:
        for status in pool.map(read, addresses):
            statuses[status] = statuses.get(status, 0) + 1
    return statuses


def title_shown(body: bytes) -> str:
    match = re.search(rb"<h1[^>]*>(.*?)</h1>", body, re.S)
    return unescape(match.group(1).decode().strip()) if match else ""


def edit_and_wait(varnish: str, article, n: int, deadline: float = 10.0) -> tuple[float, float]:
    """Save a new title the way the admin does; return (seconds the save took, seconds until the
    page read through Varnish shows it), both from the moment the save began."""
    from django.db import transaction

    path = article.get_absolute_url()
    title = f"{article.title[:150]} (mise à jour {n})"
    started = time.perf_counter()
    with transaction.atomic():
        article.title = title
        article.save()
    saved = time.perf_counter() - started
    while time.perf_counter() - started < deadline:
        _status, _headers, body = get(varnish + path)
        if title_shown(body) == title:
            return saved, time.perf_counter() - started
        time.sleep(0.02)
    return saved, float("inf")


def _delta(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {key: after[key] - before[key] for key in after}


def run(servers: Servers, varnish: str, health: HealthWatch) -> dict:
    from news.models import Article

    addresses = paths()
    file = Path(tempfile.mkdtemp(dir=servers.workdir)) / "paths.txt"
    file.write_text("\n".join(addresses) + "\n")
    started = time.perf_counter()
    warmed = warm(varnish, addresses)
    warm_seconds = time.perf_counter() - started

    slugs = [
        path.split("/")[2] for path in addresses if re.fullmatch(r"/actualites/bench-\d+/", path)
    ]
    edits = int(SECONDS // EDIT_EVERY)
    edited = list(Article.objects.filter(slug__in=slugs[:edits]))
    originals = {article.pk: article.title for article in edited}
    before = varnish_counters(servers, "varnish")
    calm = wrk(varnish, CALM_SECONDS, threads=2, connections=CONNECTIONS, paths=file)
    calm_counters = _delta(before, varnish_counters(servers, "varnish"))
    time.sleep(1)
    before = varnish_counters(servers, "varnish")
    outcome: dict = {}

    def storm():
        outcome["load"] = wrk(varnish, SECONDS, threads=2, connections=CONNECTIONS, paths=file)

    loader = threading.Thread(target=storm)
    storm_started = time.time()
    loader.start()
    timings = []
    try:
        load_started = time.monotonic()
        for n, article in enumerate(edited, 1):
            # Saves at 5 s, 15 s, 25 s…: each in the middle of the load.
            time.sleep(max(0.0, load_started + EDIT_EVERY * (n - 0.5) - time.monotonic()))
            if time.monotonic() - load_started > SECONDS - 1:
                break
            timings.append(edit_and_wait(varnish, article, n))
    finally:
        loader.join()
        for article in edited:
            article.title = originals[article.pk]
            article.save()
    counters = _delta(before, varnish_counters(servers, "varnish"))
    details = r"/(actualites/bench|presse/cp-bench)-\d+/"
    lists = sum(1 for path in addresses if not re.fullmatch(details, path))
    return {
        "addresses": len(addresses),
        "lists": lists,
        "warmed": warmed,
        "warm_seconds": warm_seconds,
        "calm": (calm, calm_counters),
        "storm": (outcome["load"], counters),
        "timings": timings,
        "sick": health.sick_periods(storm_started, time.time()),
    }


def print_result(result: dict) -> None:
    load, _counters = result["storm"]
    visible = [seen for _saved, seen in result["timings"]]
    saves = [saved for saved, _seen in result["timings"]]
    warmed = ", ".join(f"{status} : {n}" for status, n in sorted(result["warmed"].items()))
    print(
        f"Tempête de publications : wrk via Varnish, {CONNECTIONS} connexions, "
        f"{result['addresses']} adresses tirées au hasard ({result['lists']} pages de liste, "
        "d’accueil, de tag, de thème, de mois ou flux ; le reste, des pages d’actualité et de "
        f"communiqué), chauffées d’abord ({result['warm_seconds']:.0f} s ; {warmed}). "
        f"D’abord {CALM_SECONDS} s sans modification, puis {SECONDS} s avec une actualité "
        f"enregistrée toutes les {EDIT_EVERY:g} s.\n"
    )
    print(
        "| charge | req/s | p50 (ms) | p90 (ms) | p99 (ms) | non-2xx | hits | miss "
        "| attentes d’une page en cours de rendu |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, (run, counters) in (
        ("sans modification", result["calm"]),
        (f"modification toutes les {EDIT_EVERY:g} s", result["storm"]),
    ):
        errors = str(run["errors"])
        if run["socket_errors"]:
            errors += f" (sockets : {run['socket_errors']})"
        print(
            f"| {name} | {run['rps']:,.0f} | {run['p50']:.1f} | {run['p90']:.1f} "
            f"| {run['p99']:.1f} | {errors} | {counters['MAIN.cache_hit']:,} "
            f"| {counters['MAIN.cache_miss']:,} | {counters['MAIN.busy_sleep']:,} |"
        )
    median_visible = statistics.median(visible) if visible else float("nan")
    print(
        f"\nModifications : {len(visible)} ; visible via Varnish après {median_visible:.2f} s "
        f"(médiane), {max(visible, default=float('nan')):.2f} s (max), comptés depuis le début "
        f"de l’enregistrement (qui prend {statistics.median(saves) * 1000 if saves else 0:.0f} ms "
        "en médiane, purge comprise).\n"
    )
    sick = result["sick"]
    print(
        "Backend jugé malade par la sonde de Varnish (/healthz) pendant la tempête : "
        + (
            f"{len(sick)} fois, {sum(end - start for start, end in sick):.0f} s en tout "
            "(pendant ce temps, une page purgée répond 503)"
            if sick
            else "jamais"
        )
        + ".\n"
    )
    print("Objectifs de la tempête :")
    verdict = "atteint" if not load["errors"] else "manqué"
    print(f"- aucune réponse non-2xx : {load['errors']}, {verdict}")
    print(
        f"- p99 < {P99_TARGET_MS} ms : {load['p99']:.1f} ms, "
        + ("atteint" if load["p99"] < P99_TARGET_MS else "manqué")
    )
    met = visible and max(visible) < VISIBLE_TARGET_SECONDS
    print(
        f"- modification visible en moins de {VISIBLE_TARGET_SECONDS:g} s : max "
        f"{max(visible, default=float('inf')):.2f} s, {'atteint' if met else 'manqué'}"
    )
