"""CPU cost of each kind of uncached page, in this process, at 100,000 articles, against the floor.

    make bench-cpu
    BENCH_REQUESTS=3000 make bench-cpu          # more requests per page
    BENCH_PROFILE_LINES=40 make bench-cpu       # a longer profile

What Varnish does not hold reaches Django: this measures what such a request costs the app
process. The bench database (BENCH_DATABASE_URL, created and filled once, as for `make bench`)
is read by the site with its production settings (DJANGO_ENV=production, the middleware of
namur_site/settings.py, the shared Redis cache); each request goes through the WSGI handler as
gunicorn calls it, body consumed and response closed. Every kind of public page is measured
(BENCH_PAGES: some of them, by name), the news detail with and without a lead image (two bench
articles and their related ones get an image by name, as renditions are addressed by name and
never opened), after a warm-up; and the floor (bench/floor.py) in a process of its own, the
same way. Shared parts and fragments stay in the cache, as between two changes.

Printed: CPU time per request (time.process_time(): this process only, not PostgreSQL's or
Redis's), median and p90, the SQL queries of one request; where that time goes, by timing the
pieces (outermost call of each kind, nested ones taken out: the SQL driver, the ORM, the cache,
the context processors, the templates, the rest); and the top of a cProfile run by function.
Targets: at most 5× the floor for the news detail, 8× for the other pages (search: none;
see bench/search.py).
"""

import cProfile
import io
import os
import pstats
import statistics
import sys
import sysconfig
import time
from collections import defaultdict

from benchlib import ARTICLES, fill, is_filled, prepare, setup_django

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "1000"))
WARM_UP = int(os.environ.get("BENCH_WARM_UP", "200"))
PROFILE_LINES = int(os.environ.get("BENCH_PROFILE_LINES", "15"))
# Bench articles that get a lead image (and so do the articles they link to).
WITH_IMAGE = ("bench-1500", "bench-1510")
# A library image named by its file alone: no page reads the file, only its renditions' names.
IMAGE = {
    "file": "photos/2026/01/citadelle.jpg",
    "width": 2400,
    "height": 1600,
    "title": "La citadelle au printemps",
    "alt": "La citadelle de Namur vue depuis la Meuse",
    "caption": "La citadelle au printemps",
    "credit": "© Ville de Namur",
}


def give_images() -> None:
    """Give the articles of WITH_IMAGE and their related articles an image, once."""
    from core.photos.models import Image
    from news.models import Article

    image = Image.objects.filter(file=IMAGE["file"]).first() or Image.objects.create(**IMAGE)
    slugs = {f"bench-{int(slug.split('-')[1]) + step}" for slug in WITH_IMAGE for step in range(4)}
    Article.objects.filter(slug__in=slugs).exclude(image=image).update(image=image)


def pages() -> dict[str, list[str]]:
    """Return the measured pages: each kind of public page, a few addresses of each."""
    from django.db.models import Count
    from taggit.models import Tag

    from news.models import Article
    from press.models import PressRelease

    live = Article.objects.live().filter(slug__startswith="bench-", related__isnull=False)
    plain = list(live.filter(image=None).distinct()[:3])
    illustrated = list(live.filter(slug__in=WITH_IMAGE))
    releases = list(PressRelease.objects.live().filter(release_contacts__isnull=False)[:3])
    if len(plain) < 3 or len(illustrated) < len(WITH_IMAGE) or not releases:
        sys.exit("Le contenu de banc d’essai est incomplet : relancez avec BENCH_RELOAD=1.")
    tags = Tag.objects.annotate(n=Count("news_taggedarticle_items")).order_by("-n")[2:4]
    months = [a.publication_date for a in (plain[0], illustrated[0])]
    every = {
        "actualité sans image": [a.get_absolute_url() for a in plain],
        "actualité avec image": [a.get_absolute_url() for a in illustrated],
        "liste des actualités": ["/actualites/", "/actualites/?page=2", "/actualites/?page=3"],
        "accueil": ["/"],
        "flux RSS": ["/actualites/flux.rss", "/actualites/theme/culture/flux.rss"],
        "page de thème": ["/actualites/theme/culture/", "/actualites/theme/sport/"],
        "page de tag": [f"/actualites/tag/{tag.slug}/" for tag in tags],
        "archive du mois": [f"/actualites/{m:%Y}/{m:%m}/" for m in months],
        "liste des communiqués": ["/presse/", "/presse/?page=2"],
        "communiqué": [r.get_absolute_url() for r in releases],
        "espace presse": ["/presse/espace-presse/"],
        "recherche": [
            "/recherche/?q=citadelle",
            "/recherche/?q=travaux+rue",
            "/recherche/?q=march%C3%A9+de+no%C3%ABl",
        ],
    }
    wanted = [name.strip() for name in os.environ.get("BENCH_PAGES", "").split(",") if name.strip()]
    return {name: paths for name, paths in every.items() if not wanted or name in wanted}


def floor_cpu(size: int, count: int) -> float:
    """Return the median CPU milliseconds of the framework floor (bench/floor.py) answering a
    page of ``size`` bytes, in a process of its own (it is its own settings)."""
    import subprocess

    plain_environ = {
        key: value
        for key, value in environ(f"/octets/{size}/").items()
        if key not in ("wsgi.input", "wsgi.errors")
    }
    code = f"""
import io, statistics, sys, time
sys.path.insert(0, "bench")
from floor import application
base = {plain_environ!r}
def call():
    answer = application(
        {{**base, "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr}}, lambda *args: None
    )
    b"".join(answer)
    answer.close()
for _ in range({WARM_UP}):
    call()
timings = []
for _ in range({count}):
    started = time.process_time()
    call()
    timings.append(time.process_time() - started)
print(statistics.median(timings) * 1000)
"""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.floor"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def environ(path: str) -> dict:
    """Return the WSGI environ of an anonymous browser's GET, as gunicorn builds it."""
    path, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8080",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        "HTTP_ACCEPT": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "HTTP_ACCEPT_LANGUAGE": "fr-BE,fr;q=0.9,en;q=0.5",
        "HTTP_ACCEPT_ENCODING": "gzip, deflate",
        "HTTP_X_FORWARDED_FOR": "192.0.2.10",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


class Caller:
    """Call the site's WSGI application as gunicorn does, and check every answer."""

    def __init__(self):
        from django.core.wsgi import get_wsgi_application

        self.application = get_wsgi_application()

    def __call__(self, path: str) -> bytes:
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"] = status
            answer["headers"] = dict(headers)

        result = self.application(environ(path), start_response)
        try:
            body = b"".join(result)
        finally:
            result.close()
        if not answer["status"].startswith("200"):
            raise RuntimeError(f"{path} : réponse {answer['status']}")
        if "s-maxage" not in answer["headers"].get("Cache-Control", ""):
            raise RuntimeError(f"{path} : la page ne dit pas à Varnish qu’elle peut être gardée")
        return body


def cpu_per_request(call, paths: list[str], count: int) -> list[float]:
    """Return the CPU milliseconds of ``count`` requests spread over ``paths``."""
    timings = []
    for n in range(count):
        path = paths[n % len(paths)]
        started = time.process_time()
        call(path)
        timings.append((time.process_time() - started) * 1000)
    return timings


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


def sql_queries(call, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        call(path)
    return len(queries)


# --- Where the time goes -----------------------------------------------------------------------

PIECES = {
    "sql": "SQL (pilote psycopg, allers-retours)",
    "orm": "ORM (requêtes construites, objets créés)",
    "cache": "cache partagé (Redis)",
    "context": "processeurs de contexte",
    "template": "gabarits (rendu)",
    "other": "middleware, URL, vue, WSGI (le reste)",
}


class Pieces:
    """Charge each CPU moment to the innermost piece running: wrap the entry point of each."""

    def __init__(self):
        self.spent = defaultdict(float)
        self.stack = ["other"]
        self.mark = time.process_time()
        self.undo = []

    def _switch(self, piece: str | None) -> None:
        now = time.process_time()
        self.spent[self.stack[-1]] += now - self.mark
        self.mark = now
        if piece is None:
            self.stack.pop()
        else:
            self.stack.append(piece)

    def wrap(self, function, piece: str):
        def timed(*args, **kwargs):
            self._switch(piece)
            try:
                return function(*args, **kwargs)
            finally:
                self._switch(None)

        return timed

    def patch(self, owner, name: str, piece: str) -> None:
        original = owner.__dict__[name]
        self.undo.append((owner, name, original))
        setattr(owner, name, self.wrap(original, piece))

    def install(self) -> None:
        from django.core.cache.backends.redis import RedisCache
        from django.db.backends.utils import CursorWrapper
        from django.db.models.manager import BaseManager
        from django.db.models.query import QuerySet
        from django.template import base, engines
        from django.template.backends.django import Template

        for name in ("execute", "executemany"):
            self.patch(CursorWrapper, name, "sql")
        # Building a queryset (filter, select_related…) costs as much as running it.
        for name in ("_chain", "_filter_or_exclude", "_fetch_all", "count", "aggregate"):
            self.patch(QuerySet, name, "orm")
        self.patch(BaseManager, "get_queryset", "orm")
        for name in ("get", "get_many", "set", "add"):
            if name in RedisCache.__dict__:
                self.patch(RedisCache, name, "cache")
        self.patch(base.Template, "render", "template")
        self.patch(Template, "render", "template")
        engine = engines["django"].engine
        processors = engine.template_context_processors
        self.undo.append((engine, "__dict__", dict(engine.__dict__)))
        engine.__dict__["template_context_processors"] = tuple(
            self.wrap(processor, "context") for processor in processors
        )

    def remove(self) -> None:
        for owner, name, original in reversed(self.undo):
            if name == "__dict__":
                owner.__dict__.clear()
                owner.__dict__.update(original)
            else:
                setattr(owner, name, original)

    def measure(self, call, paths: list[str], count: int) -> dict[str, float]:
        """Return the CPU milliseconds per request spent in each piece."""
        self.install()
        try:
            self.spent.clear()
            self.mark = time.process_time()
            for n in range(count):
                call(paths[n % len(paths)])
            self._switch("other")
            self.stack.pop()
        finally:
            self.remove()
        return {piece: self.spent[piece] * 1000 / count for piece in PIECES}


def profile(call, paths: list[str], count: int) -> pstats.Stats:
    """Return a cProfile run of ``count`` requests, timed in CPU time."""
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for n in range(count):
        call(paths[n % len(paths)])
    profiler.disable()
    return pstats.Stats(profiler)


def where(filename: str) -> str:
    """Return the package a profiled function belongs to: ``django/template``, ``psycopg``…"""
    if filename.startswith(("~", "<")):
        return "(fonctions C)"
    for prefix in (PACKAGES, ROOT, STDLIB):
        if filename.startswith(prefix):
            parts = filename[len(prefix) :].removesuffix(".py").split(os.sep)
            if parts[0] == "django" and len(parts) > 2:
                return "/".join(parts[:3] if parts[1] == "contrib" else parts[:2])
            return parts[0]
    return "(autres)"


def by_package(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Return each package's share of the CPU time, C functions charged to their callers."""
    own = defaultdict(float)
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, callers) in stats.stats.items():
        package = where(filename)
        if package == "(fonctions C)" and callers:
            spent = sum(caller[2] for caller in callers.values()) or 1
            for caller, (_c, _n, caller_time, _t) in callers.items():
                own[where(caller[0])] += tottime * caller_time / spent
        else:
            own[package] += tottime
    total = sum(own.values())
    return sorted(((package, spent / total) for package, spent in own.items()), key=lambda x: -x[1])


def top_functions(stats: pstats.Stats, count: int, key: int) -> list[tuple]:
    """Return the ``count`` functions that cost most: own time (key 2) or with callees (3)."""
    total = stats.total_tt
    rows = sorted(stats.stats.items(), key=lambda item: -item[1][key])[:count]
    return [
        (f"{shorten(filename)}:{line}({name})", calls, tottime / total, cumtime / total)
        for (filename, line, name), (_cc, calls, tottime, cumtime, _callers) in rows
    ]


PACKAGES = sysconfig.get_paths()["purelib"] + os.sep
STDLIB = sysconfig.get_paths()["stdlib"] + os.sep
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


def shorten(filename: str) -> str:
    """Drop the site-packages, standard library and checkout prefixes from a file name."""
    for prefix in (PACKAGES, STDLIB, ROOT):
        filename = filename.replace(prefix, "")
    return filename


def print_profile(stats: pstats.Stats, count: int) -> None:
    print(f"Profil cProfile de {count} requêtes (temps CPU ; le profilage gonfle les petites")
    print("fonctions), part du temps par paquet, les fonctions C comptées à leurs appelants :\n")
    print("| paquet | part |")
    print("| --- | ---: |")
    for package, share in by_package(stats)[:PROFILE_LINES]:
        print(f"| {package} | {share:.0%} |")
    for title, key in (("temps propre", 2), ("temps cumulé", 3)):
        print(f"\nFonctions les plus coûteuses, par {title} :\n")
        print("| fonction | appels par requête | temps propre | temps cumulé |")
        print("| --- | ---: | ---: | ---: |")
        for name, calls, own, cumulative in top_functions(stats, PROFILE_LINES, key):
            print(f"| `{name}` | {calls / count:.0f} | {own:.1%} | {cumulative:.0%} |")


def target(name: str) -> float | None:
    """Return the target ratio to the floor of a kind of page (issue: 5× the detail, 8× lists,
    home, feeds and press pages; search has a target in time, bench/search.py)."""
    if name.startswith("actualité "):
        return 5.0
    if name == "recherche":
        return None
    return 8.0


def measure_pages(call, groups: dict[str, list[str]], count: int) -> list[dict]:
    """Return, for each kind of page, its CPU per request, SQL queries, floor and ratio."""
    rows = []
    for name, paths in groups.items():
        timings = cpu_per_request(call, paths, count)
        size = len(call(paths[0]))
        floor = floor_cpu(size, count)
        median = statistics.median(timings)
        rows.append(
            {
                "page": name,
                "median": median,
                "p90": p90(timings),
                "queries": sql_queries(call, paths[0]),
                "size": size,
                "floor": floor,
                "ratio": median / floor,
                "target": target(name),
            }
        )
    return rows


def print_pages(rows: list[dict], count: int) -> None:
    print(f"CPU par requête d’une page non mise en cache ({count} requêtes par ligne, après")
    print("échauffement ; DEBUG off, middleware de production, cache Redis), et le plancher")
    print("(bench/floor.py, une vue Django nue rendant autant d’octets, mesurée de même) :\n")
    print(
        "| page | médiane ms CPU | p90 ms CPU | requêtes SQL | octets | plancher ms | rapport "
        "| objectif |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for row in rows:
        if row["target"] is None:
            verdict = "—"
        else:
            met = "atteint" if row["ratio"] <= row["target"] else "**manqué**"
            verdict = f"≤ {row['target']:g}× : {met}"
        print(
            f"| {row['page']} | {row['median']:.2f} | {row['p90']:.2f} | {row['queries']} | "
            f"{row['size']:,} | {row['floor']:.2f} | {row['ratio']:.1f}× | {verdict} |"
        )
    print(f"\nCharge de la machine (moyenne sur 1 min) : {os.getloadavg()[0]:.1f}.")


def main():
    setup_django()
    prepare()
    if os.environ.get("BENCH_RELOAD") or not is_filled():
        print(f"Génération de {ARTICLES} actualités…", flush=True)
        print(f"… générées en {fill():.0f} s", flush=True)
    give_images()
    call = Caller()
    groups = pages()
    every = [path for paths in groups.values() for path in paths]
    cpu_per_request(call, every, WARM_UP)

    print_pages(measure_pages(call, groups, REQUESTS), REQUESTS)

    profiled = os.environ.get("BENCH_PROFILE_PAGES", "actualité sans image").split(",")
    for name in profiled:
        paths = groups.get(name.strip())
        if not paths:
            continue
        pieces = Pieces().measure(call, paths, REQUESTS)
        total = sum(pieces.values())
        print(f"\n**{name}** : où va le temps (moyenne sur {REQUESTS} requêtes) :\n")
        print("| morceau | ms CPU par requête | part |")
        print("| --- | ---: | ---: |")
        for piece, label in PIECES.items():
            print(f"| {label} | {pieces[piece]:.2f} | {pieces[piece] / total:.0%} |")
        print(f"| total (chronométrage compris) | {total:.2f} | 100 % |\n")
        count = min(REQUESTS, 300)
        print_profile(profile(call, paths, count), count)


if __name__ == "__main__":
    from results import recorded

    with recorded("make bench-cpu"):
        main()
