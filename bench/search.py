"""Search benchmark: p50 and p99 time of French queries over N articles on PostgreSQL.

    make bench-search                       # 100,000 articles, database namur_bench
    BENCH_ARTICLES=20000 make bench-search
    BENCH_DATABASE_URL=postgres://…/namur_bench_1m BENCH_ARTICLES=1000000 make bench-search

The database named by BENCH_DATABASE_URL is created if missing and filled once; later runs
reuse its rows. Each query is timed as the search page runs it: the count, the first page of
ranked matches, and their highlighted excerpts, its SQL queries counted. Targets: p50 at most
30 ms, p99 at most 50 ms at 1,000,000 articles. `make bench` runs it on its databases too.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/namur_bench"
)
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "namur_site.settings")
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
QUERIES = [
    "citadelle",
    "élections communales",
    "travaux rue de Fer",
    "marché de Noël",
    "vélo",
    "piscine fermée",
    "budget 2027",
    '"fêtes de wallonie"',
    "environnement biodiversité parcs",
    "zorglub",
]
WORDS = (
    "ville namur citadelle meuse sambre travaux chantier rue place conseil communal budget "
    "élection échevin bourgmestre culture théâtre concert exposition musée bibliothèque piscine "
    "sport stade vélo piste cyclable bus navette parking gare piéton mobilité environnement parc "
    "arbre biodiversité propreté déchets collecte énergie rénovation école jeunesse senior noël "
    "marché fête wallonie patrimoine quartier habitants commerçants sécurité police pompiers "
    "hiver été printemps automne festival cinéma danse atelier enfants famille santé solidarité"
).split()


def create_database():
    import psycopg
    from django.db import connections

    name = connections["default"].settings_dict["NAME"]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def sentence(rng, length):
    return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + "."


def fill(count):
    from django.utils import timezone

    from core.models import Status
    from news.models import Article, Topic

    existing = Article.objects.count()
    if existing >= count:
        return 0
    topics = [
        Topic.objects.get_or_create(slug=f"bench-{n}", defaults={"name": f"Thème {n}"})[0]
        for n in range(8)
    ]
    rng = random.Random(42)
    now = timezone.now()
    batch = []
    started = time.perf_counter()
    for n in range(existing, count):
        body = "".join(f"<p>{sentence(rng, rng.randint(12, 30))}</p>" for _ in range(5))
        batch.append(
            Article(
                title=sentence(rng, rng.randint(4, 9))[:200],
                slug=f"bench-{n}",
                lead=sentence(rng, 20)[:300],
                body=body,
                topic=rng.choice(topics),
                status=Status.PUBLISHED if n % 10 else Status.DRAFT,
                publication_date=now - timezone.timedelta(minutes=n),
            )
        )
        if len(batch) == 2000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)
    return time.perf_counter() - started


def time_query(query):
    """Run ``query`` as the search page does; return milliseconds, matches and SQL queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.search import search

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        rows = search.find(query)
        # As the page: the count (the paginator's), then the page's rows.
        count = rows.count() if not isinstance(rows, list) else 0
        page = list(rows[:10]) if not isinstance(rows, list) else []
        search.results_for(page, query)
        elapsed = (time.perf_counter() - started) * 1000
    return elapsed, count, len(queries)


def p99(values):
    return statistics.quantiles(values, n=100, method="inclusive")[-1]


def main():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("BENCH_DATABASE_URL doit désigner une base PostgreSQL.")
    create_database()
    call_command("migrate", verbosity=0)
    seconds = fill(ARTICLES)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE news_article")
    from news.models import Article

    print(f"{Article.objects.count()} articles ({Article.objects.live().count()} en ligne)", end="")
    print(f", chargés en {seconds:.0f} s" if seconds else ", déjà chargés")
    print()
    print(f"Charge de la machine (moyenne sur 1 min) : {os.getloadavg()[0]:.1f}.\n")
    print("| requête | résultats | requêtes SQL | p50 (ms) | p99 (ms) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    every = []
    for query in QUERIES:
        time_query(query)  # warm the caches once
        timings = []
        for _ in range(RUNS):
            elapsed, count, queries = time_query(query)
            timings.append(elapsed)
        every += timings
        print(
            f"| {query} | {count} | {queries} | {statistics.median(timings):.1f} | "
            f"{p99(timings):.1f} |"
        )
    print(
        f"| **toutes ({len(every)} recherches)** | | | **{statistics.median(every):.1f}** | "
        f"**{p99(every):.1f}** |"
    )
    print()
    print("Objectifs : p50 au plus 30 ms ; p99 au plus 50 ms à 1 000 000 d’actualités.")


if __name__ == "__main__":
    if os.environ.get("BENCH_SEARCH_NO_RECORD"):  # a part of make bench, which records it
        main()
    else:
        from results import recorded

        with recorded("make bench-search"):
            main()
