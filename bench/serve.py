"""Serving benchmark: the site under gunicorn at 100,000 articles, against the framework floor.

    make bench                                  # 100,000 articles, 10,000 press releases
    BENCH_ARTICLES=20000 make bench
    BENCH_RELOAD=1 make bench                   # generate the content again

1. Fills the bench database (BENCH_DATABASE_URL, created if missing) once: BENCH_ARTICLES
   articles with topics, tags and related articles, BENCH_ARTICLES / 10 press releases with
   contacts and tags. Later runs reuse it.
2. Counts the SQL queries of each page (Django's test client in this process, page cache off)
   and prints the PostgreSQL plan of every query of the list, topic, tag and archive pages.
3. Starts, on 127.0.0.1, gunicorn with the site in production (namur_site/gunicorn.py, the
   Redis page cache on), a second one with the page cache off, and a third one serving the floor
   (bench/floor.py: one Django view returning a page of the same size, same gunicorn settings).
4. Loads each page with wrk (BENCH_SECONDS per URL, BENCH_THREADS threads, BENCH_CONNECTIONS
   connections) and prints requests per second, p50 and p99 latency, the ratio to the floor,
   SQL queries and page weight (HTML plus the CSS and JS it links), next to the targets.
5. Runs bench/two_instances.py: an edit seen at once through two instances sharing PostgreSQL
   and Redis, a scheduled publication appearing on time, /healthz 200 and 503.

Every gunicorn process is stopped at the end, also on errors or Ctrl-C.
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from urllib.parse import urljoin

from benchlib import (
    ARTICLES,
    RELEASES,
    WORKER_CONNECTIONS,
    WORKERS,
    Servers,
    fill,
    get,
    is_filled,
    prepare,
    production_env,
    setup_django,
)
from benchlib import THREADS as GUNICORN_THREADS

SECONDS = int(os.environ.get("BENCH_SECONDS", "3"))
# Each page is loaded in ROUNDS rounds, each right after a load of the floor: the ratio is the
# median of the rounds' ratios, which the machine's ups and downs affect far less than a single
# floor measurement compared with pages measured minutes later.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
CACHED_TARGET = 0.85
UNCACHED_TARGET = 0.30
QUERY_TARGET = 5
DETAIL_WEIGHT_TARGET = 60 * 1024
# Pages whose uncached speed has a target: detail and list pages.
UNCACHED_TARGETS = {"actualité", "liste des actualités", "page de tag", "communiqué"}
BIG_TABLES = {"news_article", "news_taggedarticle", "press_pressrelease"}


def wrk_missing() -> None:
    if shutil.which("wrk") is None:
        sys.exit(
            "wrk est introuvable : installez-le (Debian : apt-get install -y wrk) puis relancez "
            "make bench."
        )


def pages() -> dict[str, str]:
    """Return the measured pages: a typical item of each kind, a busy tag, a common word."""
    from django.db.models import Count
    from taggit.models import Tag

    from news.models import Article
    from press.models import PressRelease

    article = Article.objects.live().filter(related__isnull=False, image="").first()
    tag = Tag.objects.annotate(n=Count("news_taggedarticle_items")).order_by("-n")[2]
    release = PressRelease.objects.live().filter(release_contacts__isnull=False).first()
    return {
        "accueil": "/",
        "liste des actualités": "/actualites/",
        "actualité": article.get_absolute_url(),
        "page de tag": f"/actualites/tag/{tag.slug}/",
        "communiqué": release.get_absolute_url(),
        "recherche": "/recherche/?q=citadelle",
        "flux RSS": "/actualites/flux.rss",
    }


def other_pages() -> dict[str, str]:
    """Pages counted and explained but not loaded with wrk."""
    from news.models import Article

    article = Article.objects.live().filter(slug__startswith="bench-").first()
    month = article.publication_date
    return {
        "page de thème": "/actualites/theme/culture/",
        "archive du mois": f"/actualites/{month:%Y}/{month:%m}/",
        "liste des communiqués": "/presse/",
        "espace presse": "/presse/espace-presse/",
    }


# --- SQL ---------------------------------------------------------------------------------------


def capture(url: str, cold: bool = False) -> list[str]:
    """Return the SQL of one request with the page cache off, after a first one has warmed the
    process; ``cold``: with the shared cache emptied too, as after a content change, so that the
    parts kept per generation (sidebar, list counts) are computed again."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    with override_settings(PAGE_CACHE_SECONDS=0):
        client.get(url)
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} : réponse {response.status_code}")
    return [query["sql"] for query in queries]


def plan(sql: str) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        value = cursor.fetchone()[0]
    return (json.loads(value) if isinstance(value, str) else value)[0]


def scans(node: dict) -> list[str]:
    """Return 'table: node type (index)' for every scan of a big table in a plan."""
    found = []
    if node.get("Relation Name") in BIG_TABLES:
        index = f" ({node['Index Name']})" if node.get("Index Name") else ""
        found.append(f"{node['Relation Name']} : {node['Node Type']}{index}")
    for child in node.get("Plans", []):
        found += scans(child)
    return found


def describe(sql: str) -> str:
    table = re.search(r'\bFROM "?(\w+)"?', sql)
    kind = "COUNT" if "COUNT(" in sql[:80] else "DISTINCT" if "DISTINCT" in sql[:40] else "SELECT"
    return f"{kind} {table.group(1) if table else '?'}"


def shape(sql: str) -> str:
    """The SQL without its timestamps (each request has its own "now")."""
    return re.sub(r"'\d{4}-\d\d-\d\d[^']*'", "?", sql)


def explain(named: dict[str, str]) -> list[tuple]:
    """Plan every query of each page, those of each view and those run once per generation."""
    rows = []
    for name, url in named.items():
        every_view = {shape(sql) for sql in capture(url)}
        for sql in capture(url, cold=True):
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            result = plan(sql)
            found = scans(result["Plan"])
            if not found:
                continue
            seq = any("Seq Scan" in scan for scan in found)
            rows.append(
                (
                    name,
                    describe(sql),
                    "chaque vue" if shape(sql) in every_view else "par génération",
                    result["Plan"]["Node Type"],
                    " ; ".join(dict.fromkeys(found)),
                    result["Execution Time"],
                    seq,
                )
            )
    return rows


# --- Load --------------------------------------------------------------------------------------

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, seconds: int = SECONDS) -> dict:
    """Load one URL for a fixed time; return requests/s, p50 and p99 (ms) and errors."""
    command = [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "--latency",
        url,
    ]
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 30, check=True
    ).stdout

    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return float(match.group(1)) * UNITS[match.group(2)]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency(50),
        "p99": latency(99),
        "errors": (int(errors.group(1)) if errors else 0),
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def weight(base: str, path: str) -> tuple[int, int, int]:
    """Return (HTML bytes, HTML+CSS+JS bytes, render-blocking scripts) of a page."""
    _status, _headers, html = get(base + path)
    text = html.decode()
    assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"', text)
    assets += re.findall(r'<script[^>]+src="([^"]+)"', text)
    total = len(html)
    for asset in dict.fromkeys(assets):
        _status, _headers, body = get(urljoin(base + path, asset))
        total += len(body)
    head = text.split("</head>", 1)[0]
    blocking = [
        tag
        for tag in re.findall(r"<script\b[^>]*>", head)
        if not re.search(r"\b(defer|async)\b|type=\"(module|application/ld\+json)\"", tag)
    ]
    return len(html), total, len(blocking)


def quiet_after(result: dict) -> None:
    """Let the requests still running after a load finish before the next load starts."""
    time.sleep(max(0.5, min(5.0, result["p99"] / 1000 * 2)))


def measure(base: str, path: str, cached: bool, floor_url: str) -> tuple[dict, dict, float]:
    """Load the page and the floor in alternation; return the median round of each and the
    median ratio."""
    url = base + path
    get(url)
    _status, headers, _body = get(url)
    if cached and headers.get("X-Cache") != "hit":
        raise RuntimeError(f"{path} n’est pas servie par le cache ({headers.get('X-Cache')}).")
    quiet_after(wrk(url, seconds=1))  # warm-up: connections, worker caches
    pages, floors, ratios = [], [], []
    for _round in range(ROUNDS):
        floors.append(wrk(floor_url))
        quiet_after(floors[-1])
        pages.append(wrk(url))
        quiet_after(pages[-1])
        ratios.append(pages[-1]["rps"] / floors[-1]["rps"])

    def median_round(results):
        return sorted(results, key=lambda result: result["rps"])[len(results) // 2]

    return median_round(pages), median_round(floors), statistics.median(ratios)


def main():
    wrk_missing()
    setup_django()
    prepare()
    from django.db import connection

    from news.models import Article
    from press.models import PressRelease

    if os.environ.get("BENCH_RELOAD") or not is_filled():
        print(f"Génération de {ARTICLES} actualités et {RELEASES} communiqués…", flush=True)
        seconds = fill()
        loaded = f"générés en {seconds:.0f} s"
    else:
        loaded = "déjà en base"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    print(
        f"{Article.objects.count()} actualités ({Article.objects.live().count()} en ligne), "
        f"{PressRelease.objects.count()} communiqués, {loaded} ; {version}\n"
    )

    measured = pages()
    queries = {name: len(capture(url)) for name, url in {**measured, **other_pages()}.items()}

    print("Plans PostgreSQL des requêtes des listes (EXPLAIN ANALYZE) :\n")
    print("| page | requête | exécutée | nœud de tête | parcours des grandes tables | ms |")
    print("| --- | --- | --- | --- | --- | ---: |")
    explained = explain(
        {
            "liste des actualités": measured["liste des actualités"],
            "page de tag": measured["page de tag"],
            **{k: v for k, v in other_pages().items() if k in ("page de thème", "archive du mois")},
        }
    )
    for name, query, when, top, found, ms, seq in explained:
        flag = " **(parcours séquentiel)**" if seq else ""
        print(f"| {name} | {query} | {when} | {top} | {found}{flag} | {ms:.1f} |")
    print()

    results = []
    with Servers() as servers:
        cached = servers.start("site-en-cache", production_env(PAGE_CACHE_SECONDS="600"))
        uncached = servers.start("site-sans-cache", production_env(PAGE_CACHE_SECONDS="0"))
        floor = servers.start(
            "plancher",
            production_env(DJANGO_SETTINGS_MODULE="bench.floor"),
            app="bench.floor:application",
        )
        for name, path in measured.items():
            html, total, blocking = weight(uncached, path)
            floor_url = f"{floor}/octets/{html}/"
            get(floor_url)
            for is_cached, base in ((True, cached), (False, uncached)):
                print(f"… {name} ({'en cache' if is_cached else 'sans cache'})", flush=True)
                result, base_result, ratio = measure(base, path, is_cached, floor_url)
                results.append(
                    (name, path, is_cached, result, base_result, ratio, html, total, blocking)
                )
        from two_instances import check

        instance_rows = check(servers)

    print()
    print(
        f"Charge : wrk, {ROUNDS} tours de {SECONDS} s par page, chacun après {SECONDS} s sur le "
        f"plancher, {THREADS} fils, {CONNECTIONS} connexions ; gunicorn {WORKERS} processus × "
        f"{GUNICORN_THREADS} fils, {WORKER_CONNECTIONS} connexions par processus, sur "
        f"{os.cpu_count()} cœurs. Chiffres : tour médian ; ratio : médiane des tours.\n"
    )
    print(
        "| page | cache | req/s | p50 (ms) | p99 (ms) | plancher req/s | ratio | objectif "
        "| SQL | HTML (Ko) | HTML+CSS+JS (Ko) | JS bloquant |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |")
    misses = []
    for name, _path, is_cached, result, base, ratio, html, total, blocking in results:
        target = CACHED_TARGET if is_cached else UNCACHED_TARGET if name in UNCACHED_TARGETS else 0
        verdict = "—"
        if target:
            met = ratio >= target
            verdict = f"≥ {target:.0%} {'✔' if met else '✘'}"
            if not met:
                misses.append(f"{name} ({'en cache' if is_cached else 'sans cache'})")
        errors = f" ({result['errors']} erreurs)" if result["errors"] else ""
        print(
            f"| {name} | {'oui' if is_cached else 'non'} | {result['rps']:.0f}{errors} "
            f"| {result['p50']:.1f} | {result['p99']:.1f} | {base['rps']:.0f} | {ratio:.0%} "
            f"| {verdict} | {queries[name] if not is_cached else '—'} | {html / 1024:.1f} "
            f"| {total / 1024:.1f} | {blocking} |"
        )
    print()
    print("Requêtes SQL par page (sans cache) :", end=" ")
    print(", ".join(f"{name} {count}" for name, count in queries.items()))
    over = [name for name, count in queries.items() if count > QUERY_TARGET]
    detail = next(r for r in results if r[0] == "actualité")
    print()
    print("Objectifs :")
    print(
        f"- en cache ≥ {CACHED_TARGET:.0%} du plancher ; sans cache, détail et listes ≥ "
        f"{UNCACHED_TARGET:.0%} : {'atteint' if not misses else 'manqué pour ' + ', '.join(misses)}"
    )
    print(
        f"- au plus {QUERY_TARGET} requêtes SQL par page : "
        + ("atteint" if not over else "manqué pour " + ", ".join(over))
    )
    print(
        f"- actualité ≤ 60 Ko HTML+CSS+JS : {detail[7] / 1024:.1f} Ko, "
        + ("atteint" if detail[7] <= DETAIL_WEIGHT_TARGET else "manqué")
    )
    blocking = sum(r[8] for r in results)
    print(f"- aucun script bloquant : {'atteint' if not blocking else f'{blocking} trouvés'}")
    seq = [
        f"{name} ({query})"
        for name, query, when, *_rest, is_seq in explained
        if is_seq and when == "chaque vue"
    ]
    print(
        "- listes, tags, thèmes, archives sur index (requêtes de chaque vue) : "
        + ("atteint" if not seq else "parcours séquentiel pour " + ", ".join(seq))
    )
    once = [
        f"{name} ({query})"
        for name, query, when, *_rest, is_seq in explained
        if is_seq and when != "chaque vue"
    ]
    if once:
        print(
            "  parcours séquentiels une fois par génération (après un changement de contenu) : "
            + ", ".join(dict.fromkeys(once))
        )
    print()
    from two_instances import print_rows

    print_rows(instance_rows)


if __name__ == "__main__":
    main()
