"""Serving benchmark: the site behind Varnish at 100,000 articles, against nginx and Django.

    make bench                                  # 100,000 articles, 10,000 press releases
    BENCH_ARTICLES=20000 make bench
    BENCH_RELOAD=1 make bench                   # generate the content again
    BENCH_STORM_SECONDS=20 make bench           # a shorter publish storm

Needs wrk, nginx, Varnish with varnish-modules and redis-server (Debian:
``apt-get install -y wrk nginx varnish varnish-modules redis-server``), PostgreSQL for
BENCH_DATABASE_URL and Redis on 127.0.0.1:6379 (database 3, BENCH_CACHE_URL).

1. Fills the bench database (BENCH_DATABASE_URL, created if missing) once: BENCH_ARTICLES
   articles with topics, tags and related articles, BENCH_ARTICLES / 10 press releases with
   contacts and tags. Later runs reuse it.
2. Counts the SQL queries of each page (Django's test client in this process) and prints the
   PostgreSQL plan of every query of the list, topic, tag and archive pages.
3. Starts, on 127.0.0.1, the site as ``make serve`` does: gunicorn (namur_site/gunicorn.py) with
   Varnish in front (the VCL of ``manage.py varnish_vcl``); the framework floor (bench/floor.py:
   one Django view returning a page of the same size, same gunicorn settings); nginx serving
   each page as a static file, gzipped as Varnish sends it (the machine's limit).
4. Loads each page with wrk in rounds, each round going through nginx, Varnish (hits), the floor
   and gunicorn directly (the page rendered on every request), and prints requests per second,
   p50 and p99 latency and each figure's ratio to nginx and to the floor (medians of the rounds).
5. The publish storm (bench/storm.py): 2,000 addresses through Varnish while an article is saved
   every 10 s; how long until each edit shows.
6. The fault drills (bench/drills.py): Redis stopped, then the database cut, under load; then a
   scheduled publication through Varnish.

Every server the bench starts is stopped at the end, also on errors or Ctrl-C.
"""

import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin

import detail_cpu
import drills
import storm
from benchlib import (
    ARTICLES,
    DATABASE_URL,
    EVEN_SPREAD,
    RELEASES,
    SITE_VARNISH_PORT,
    WORKER_CONNECTIONS,
    WORKERS,
    HealthWatch,
    Servers,
    fill,
    get,
    is_filled,
    missing_tools,
    prepare,
    production_env,
    setup_django,
    varnish_counters,
    wrk,
)
from benchlib import THREADS as GUNICORN_THREADS

SECONDS = int(os.environ.get("BENCH_SECONDS", "2"))
# Each page is loaded in ROUNDS rounds, each going through every server in turn: a ratio is the
# median of the rounds' ratios, which the machine's ups and downs affect far less than figures
# measured minutes apart.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
# Requests per kind of page for the CPU table (in this process).
CPU_REQUESTS = int(os.environ.get("BENCH_CPU_REQUESTS", "300"))
HITS_OVER_FLOOR_TARGET = 5.0
HITS_OF_NGINX_TARGET = 0.40
QUERY_TARGET = 5
DETAIL_WEIGHT_TARGET = 60 * 1024
BIG_TABLES = {"news_article", "news_taggedarticle", "press_pressrelease"}
# The servers of each round, in order.
SERVERS = ("nginx", "varnish", "plancher", "sans cache")
SERVER_NAMES = {
    "nginx": "nginx (fichier statique)",
    "varnish": "Varnish (hits)",
    "plancher": "plancher Django",
    "sans cache": "gunicorn sans cache",
}


def pages() -> dict[str, str]:
    """Return the measured pages: a typical item of each kind, a busy tag, a common word."""
    from django.db.models import Count
    from taggit.models import Tag

    from news.models import Article
    from press.models import PressRelease

    article = Article.objects.live().filter(related__isnull=False, image__isnull=True).first()
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
        "liste des communiqués": "/presse/",
    }


def other_pages() -> dict[str, str]:
    """Pages counted and explained but not loaded with wrk."""
    from news.models import Article

    article = Article.objects.live().filter(slug__startswith="bench-").first()
    month = article.publication_date
    return {
        "page de thème": "/actualites/theme/culture/",
        "archive du mois": f"/actualites/{month:%Y}/{month:%m}/",
        "espace presse": "/presse/espace-presse/",
    }


# --- SQL ---------------------------------------------------------------------------------------


def capture(url: str, cold: bool = False) -> list[str]:
    """Return the SQL of one request, after a first one has warmed the process; ``cold``: with
    the shared cache emptied too, as after a content change, so that the parts kept per
    generation (sidebar, list counts) are computed again."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
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
    time.sleep(max(0.3, min(5.0, result["p99"] / 1000 * 2)))


def load(url: str, seconds: float = SECONDS, servers=None, name: str = "") -> dict:
    """Load ``url`` with wrk; with ``servers`` and the server's ``name``, add the CPU
    milliseconds its processes spent per request (``cpu_ms``)."""
    before = servers.cpu_seconds(name) if servers else 0.0
    result = wrk(url, seconds, threads=THREADS, connections=CONNECTIONS)
    quiet_after(result)
    if servers:
        spent = servers.cpu_seconds(name) - before
        result["cpu_ms"] = spent * 1000 / max(1, result["requests"])
    return result


# The gunicorn instances whose CPU time is read around each load (server → process name).
CPU_READ = {"plancher": "plancher", "sans cache": "site-direct"}


def measure(urls: dict[str, str], servers: Servers) -> dict[str, dict]:
    """Load the page through every server, in ROUNDS rounds; return per server the median round,
    the median ratio to nginx and to the floor, and Varnish's misses during its loads."""
    _status, headers, _body = get(urls["varnish"], headers={"Accept-Encoding": "gzip"})
    _status, headers, _body = get(urls["varnish"], headers={"Accept-Encoding": "gzip"})
    if headers.get("X-Cache") != "hit":
        raise RuntimeError(f"{urls['varnish']} n’est pas servie par Varnish ({headers}).")
    load(urls["sans cache"], seconds=1)  # warm-up: connections, the processes' own caches
    rounds: dict[str, list[dict]] = {server: [] for server in SERVERS}
    misses = 0
    for _round in range(ROUNDS):
        for server in SERVERS:
            before = varnish_counters(servers, "varnish") if server == "varnish" else None
            watched = CPU_READ.get(server)
            rounds[server].append(
                load(urls[server], servers=servers if watched else None, name=watched or "")
            )
            if before:
                misses += varnish_counters(servers, "varnish")["MAIN.cache_miss"]
                misses -= before["MAIN.cache_miss"]
    results = {}
    for server, runs in rounds.items():
        median_round = sorted(runs, key=lambda run: run["rps"])[len(runs) // 2]
        results[server] = {
            **median_round,
            "of_nginx": statistics.median(
                run["rps"] / nginx["rps"] for run, nginx in zip(runs, rounds["nginx"], strict=True)
            ),
            "of_floor": statistics.median(
                run["rps"] / floor["rps"]
                for run, floor in zip(runs, rounds["plancher"], strict=True)
            ),
        }
        if "cpu_ms" in runs[0]:
            results[server]["cpu_ms"] = statistics.median(run["cpu_ms"] for run in runs)
            results[server]["cpu_of_floor"] = statistics.median(
                run["cpu_ms"] / floor["cpu_ms"]
                for run, floor in zip(runs, rounds["plancher"], strict=True)
            )
    results["varnish"]["misses"] = misses
    return results


# --- Report ------------------------------------------------------------------------------------


def print_header(loaded: str) -> None:
    from django.db import connection

    from news.models import Article
    from press.models import PressRelease

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    print(
        f"{Article.objects.count()} actualités ({Article.objects.live().count()} en ligne), "
        f"{PressRelease.objects.count()} communiqués, {loaded} ; {version}\n"
    )


def print_plans(explained: list[tuple]) -> None:
    print("Plans PostgreSQL des requêtes des listes (EXPLAIN ANALYZE) :\n")
    print("| page | requête | exécutée | nœud de tête | parcours des grandes tables | ms |")
    print("| --- | --- | --- | --- | --- | ---: |")
    for name, query, when, top, found, ms, seq in explained:
        flag = " **(parcours séquentiel)**" if seq else ""
        print(f"| {name} | {query} | {when} | {top} | {found}{flag} | {ms:.1f} |", flush=True)
    print()


def print_pages(
    results: dict[str, dict], weights: dict, compressed: dict, queries: dict
) -> list[str]:
    """Print the table of the pages; return the targets missed."""
    print(
        f"Pages : wrk, {ROUNDS} tours de {SECONDS:g} s par serveur et par page (nginx, Varnish, "
        f"plancher, gunicorn sans cache, dans cet ordre à chaque tour), {THREADS} fils, "
        f"{CONNECTIONS} connexions, « Accept-Encoding: gzip » (nginx et Varnish envoient les "
        "mêmes octets compressés, le plancher et gunicorn la page entière) ; "
        f"gunicorn {WORKERS} processus × "
        f"{GUNICORN_THREADS} fils (au plus {WORKER_CONNECTIONS} connexions par processus pour "
        "le plancher et le site sans Varnish) ; "
        f"{os.cpu_count()} cœurs partagés par tout cela. Chiffres : tour médian ; "
        "ratios : médiane des tours.\n"
    )
    print(
        "| page | servi par | req/s | p50 (ms) | p99 (ms) | / nginx | / plancher | ms CPU/req "
        "| CPU / plancher | SQL | HTML (Ko) | gzip (Ko) | HTML+CSS+JS (Ko) |"
    )
    print(
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    missed = []
    for name, by_server in results.items():
        html, total, _blocking = weights[name]
        for server in SERVERS:
            result = by_server[server]
            errors = f" ({result['errors']} non-2xx)" if result["errors"] else ""
            if result["socket_errors"]:
                errors += f" (sockets : {result['socket_errors']})"
            mark = ""
            if server == "varnish":
                met = (
                    result["of_floor"] >= HITS_OVER_FLOOR_TARGET
                    and result["of_nginx"] >= HITS_OF_NGINX_TARGET
                )
                mark = " ✔" if met else " ✘"
                if not met:
                    missed.append(name)
            cpu = f"{result['cpu_ms']:.2f}" if "cpu_ms" in result else "—"
            cpu_ratio = f"{result['cpu_of_floor']:.1f}×" if server == "sans cache" else "—"
            print(
                f"| {name} | {SERVER_NAMES[server]}{mark} | {result['rps']:,.0f}{errors} "
                f"| {result['p50']:.1f} | {result['p99']:.1f} | {result['of_nginx']:.0%} "
                f"| {result['of_floor']:.2f}× | {cpu} | {cpu_ratio} "
                f"| {queries[name] if server == 'sans cache' else '—'} "
                f"| {html / 1024:.1f} | {compressed[name] / 1024:.1f} | {total / 1024:.1f} |"
            )
    misses = sum(by_server["varnish"]["misses"] for by_server in results.values())
    print(f"\nMiss de Varnish pendant ses charges : {misses} (0 : tout a été servi en hit).")
    return missed


def print_targets(results, weights, queries, explained, missed) -> None:
    print("Objectifs des pages :")
    print(
        f"- Varnish (hits) ≥ {HITS_OVER_FLOOR_TARGET:g}× le plancher et ≥ "
        f"{HITS_OF_NGINX_TARGET:.0%} de nginx : "
        + ("atteint pour chaque page" if not missed else "manqué pour " + ", ".join(missed))
    )
    over = [name for name, count in queries.items() if count > QUERY_TARGET]
    print(
        f"- au plus {QUERY_TARGET} requêtes SQL par page : "
        + ("atteint" if not over else "manqué pour " + ", ".join(over))
    )
    detail = weights["actualité"][1]
    print(
        f"- actualité ≤ 60 Ko HTML+CSS+JS : {detail / 1024:.1f} Ko, "
        + ("atteint" if detail <= DETAIL_WEIGHT_TARGET else "manqué")
    )
    blocking = sum(weight[2] for weight in weights.values())
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
    print("\nRequêtes SQL par page (rendue sans cache) :", end=" ")
    print(", ".join(f"{name} {count}" for name, count in queries.items()))
    print()


def page_cpu() -> list[dict]:
    """Return the CPU time of each kind of page rendered in this process (bench/detail_cpu.py),
    against the floor measured the same way."""
    detail_cpu.give_images()
    call = detail_cpu.Caller()
    groups = detail_cpu.pages()
    detail_cpu.cpu_per_request(call, [p for paths in groups.values() for p in paths], 100)
    return detail_cpu.measure_pages(call, groups, CPU_REQUESTS)


def search_databases() -> list[str]:
    """Return the databases searched: BENCH_SEARCH_DATABASES (addresses separated by commas),
    else the bench database and, if it exists, its 1,000,000-article sibling (``…_1m``)."""
    import psycopg

    if os.environ.get("BENCH_SEARCH_DATABASES"):
        return [url for url in os.environ["BENCH_SEARCH_DATABASES"].split(",") if url]
    big = DATABASE_URL + "_1m"
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [big.rsplit("/", 1)[1]]
        ).fetchone()
    return [DATABASE_URL, big] if exists else [DATABASE_URL]


def search_at_scale() -> list[tuple[str, str]]:
    """Run bench/search.py on each database; return what it printed."""
    outputs = []
    for url in search_databases():
        env = {**os.environ, "BENCH_DATABASE_URL": url, "BENCH_SEARCH_NO_RECORD": "1"}
        env.pop("BENCH_ARTICLES", None)  # a database filled already is searched as it is
        done = subprocess.run(
            [sys.executable, str(Path(__file__).with_name("search.py"))],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        outputs.append((url, done.stdout.strip() or done.stderr.strip()[-2000:]))
    return outputs


def main():
    missing = missing_tools()
    if missing:
        sys.exit(
            f"Introuvable : {', '.join(missing)}. Installez-les (Debian : apt-get install -y "
            f"{' '.join(missing)}) puis relancez make bench."
        )
    setup_django()
    from django.test import override_settings

    # No Varnish runs yet: migrations that save rows must not try to purge it.
    with override_settings(VARNISH_URLS=[]):
        prepare()
        if os.environ.get("BENCH_RELOAD") or not is_filled():
            print(f"Génération de {ARTICLES} actualités et {RELEASES} communiqués…", flush=True)
            loaded = f"générés en {fill():.0f} s"
        else:
            loaded = "déjà en base"
    started = time.monotonic()
    print_header(loaded)

    measured = pages()
    queries = {name: len(capture(url)) for name, url in {**measured, **other_pages()}.items()}
    explained = explain(
        {
            "liste des actualités": measured["liste des actualités"],
            "page de tag": measured["page de tag"],
            **{k: v for k, v in other_pages().items() if k in ("page de thème", "archive du mois")},
        }
    )
    print_plans(explained)

    print("… CPU par page, dans ce processus", flush=True)
    cpu_rows = page_cpu()

    results, weights, compressed = {}, {}, {}
    with Servers() as servers:
        # As `make serve`: gunicorn with its settings, Varnish in front.
        site = servers.start("site", production_env())
        varnish = servers.start_varnish("varnish", site, port=SITE_VARNISH_PORT)
        health = HealthWatch(servers, "varnish")
        # The same site for wrk alone, and the floor, each process taking its share of wrk.
        direct = servers.start("site-direct", production_env(**EVEN_SPREAD))
        floor = servers.start(
            "plancher",
            production_env(DJANGO_SETTINGS_MODULE="bench.floor", **EVEN_SPREAD),
            app="bench.floor:application",
        )
        weights = {name: weight(direct, path) for name, path in measured.items()}
        # nginx serves each page as a file, and its gzipped copy to clients that accept gzip
        # (gzip_static): the very bytes Varnish sends.
        files, compressed = {}, {}
        for number, (name, path) in enumerate(measured.items()):
            files[f"{number}.html"] = get(direct + path)[2]
            get(varnish + path, headers={"Accept-Encoding": "gzip"})
            _status, headers, body = get(varnish + path, headers={"Accept-Encoding": "gzip"})
            if headers.get("Content-Encoding") == "gzip":
                files[f"{number}.html.gz"] = body
            compressed[name] = len(body)
        nginx = servers.start_nginx("nginx", files)
        for number, (name, path) in enumerate(measured.items()):
            print(f"… {name}", flush=True)
            html = weights[name][0]
            urls = {
                "nginx": f"{nginx}/{number}.html",
                "varnish": varnish + path,
                "plancher": f"{floor}/octets/{html}/",
                "sans cache": direct + path,
            }
            results[name] = measure(urls, servers)
        print("… tempête de publications", flush=True)
        storm_result = storm.run(servers, varnish, health)
        print("… exercices de panne", flush=True)
        drill_results, drill_errors = drills.run(servers, list(measured.values()))
        print("… publication programmée", flush=True)
        scheduled = drills.scheduled_publication(varnish)
    print("… recherche à chaque taille de base", flush=True)
    searches = search_at_scale()

    print()
    detail_cpu.print_pages(cpu_rows, CPU_REQUESTS)
    print()
    missed = print_pages(results, weights, compressed, queries)
    print()
    print_targets(results, weights, queries, explained, missed)
    storm.print_result(storm_result)
    print()
    drills.print_results(drill_results, scheduled, drill_errors)
    for url, output in searches:
        print(f"\nRecherche sur {url.rsplit('/', 1)[1]} (bench/search.py) :\n")
        print(output)
    print(f"\nDurée des mesures : {(time.monotonic() - started) / 60:.1f} min.")


if __name__ == "__main__":
    from results import recorded

    with recorded("make bench"):
        main()
