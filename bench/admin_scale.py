"""The admin at a city archive's scale: change lists, search, filters, autocompletes, forms.

    make bench-admin                                 # 10,000, 100,000 and 1,000,000 articles
    BENCH_ADMIN_SIZES=10000,100000 make bench-admin  # fewer sizes
    BENCH_ARTICLES=1000000 BENCH_DATABASE_URL=… python bench/admin_scale.py --one > 1m.txt
    python bench/admin_scale.py --table 10k.txt 1m.txt  # the table of sizes measured one by one
    BENCH_PROFILE=1 … --one                             # one size, with a cProfile

Each size has a PostgreSQL database of its own (``BENCH_ADMIN_DATABASE_PREFIX`` followed by
``_10k``, ``_100k``, ``_1m``), created, migrated and filled once (``benchlib.fill``: articles,
a tenth as many releases), then reused. A staff member with every right is signed in to the
admin in this process (Django's test client, the production settings); each page is asked
``BENCH_RUNS`` times after two warm-ups and timed from the request to the rendered answer, its
SQL queries counted. Printed: p50 / p90 in ms and the queries of each page at each size, for
articles and releases. Target: each at most 300 ms at 1,000,000 articles, the same queries at
every size.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
SIZES = [int(n) for n in os.environ.get("BENCH_ADMIN_SIZES", "10000,100000,1000000").split(",")]
PREFIX = os.environ.get(
    "BENCH_ADMIN_DATABASE_PREFIX", "postgres://postgres@127.0.0.1:5432/namur_bench_admin"
)
RUNS = int(os.environ.get("BENCH_RUNS", "15"))
TARGET_MS = 300
RARE_WORD = "zorglub"  # in the titles of three articles and three releases, nowhere else


def label(size: int) -> str:
    return f"{size // 1_000_000}m" if size >= 1_000_000 else f"{size // 1000}k"


def main() -> None:
    from results import recorded

    measured = {}
    for size in SIZES:
        env = {
            **os.environ,
            "BENCH_DATABASE_URL": f"{PREFIX}_{label(size)}",
            "BENCH_ARTICLES": str(size),
        }
        print(f"… {size:,} articles".replace(",", " "), file=sys.stderr, flush=True)
        output = subprocess.run(
            [sys.executable, __file__, "--one"], env=env, capture_output=True, text=True
        )
        if output.returncode:
            sys.exit(output.stderr[-4000:])
        measured[size] = json.loads(output.stdout.strip().splitlines()[-1].split(" ", 1)[1])
    with recorded("make bench-admin"):
        print_table(measured)


def print_table(measured: dict) -> None:
    sizes = sorted(measured)
    print(
        f"Admin at scale on PostgreSQL: p50 / p90 ms and SQL queries, {RUNS} runs after 2 "
        f"warm-ups, in-process (Django's test client, production settings); "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print(
        "Each cell: p50 / p90 ms of the whole request, (p50 ms in SQL as the client waits for it,"
        " p50 ms of this process's CPU), SQL queries"
    )
    header = " | ".join(f"{size:>34,}".replace(",", " ") for size in sizes)
    print(f"{'page':<44} | {header}")
    print("-" * (47 + 37 * len(sizes)))
    missed = []
    for name in measured[sizes[0]]:
        cells = []
        for size in sizes:
            row = measured[size][name]
            cells.append(
                f"{row['p50']:>4.0f} / {row['p90']:>4.0f} ({row['sql']:>3.0f} sql,"
                f" {row['cpu']:>3.0f} cpu), {row['queries']:>2} q"
            )
            if size >= 1_000_000 and row["p90"] > TARGET_MS:
                missed.append(name)
        print(f"{name:<44} | " + " | ".join(f"{cell:>34}" for cell in cells))
    counts = {
        name: {measured[size][name]["queries"] for size in sizes} for name in measured[sizes[0]]
    }
    unequal = [name for name, seen in counts.items() if len(seen) > 1]
    print()
    print(
        f"Target: p90 ≤ {TARGET_MS} ms at 1,000,000 articles; missed: {', '.join(missed) or 'none'}"
    )
    print(f"Queries that change with the size: {', '.join(unequal) or 'none'}")


# --- One size, in its own process --------------------------------------------------------------


def one() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import benchlib

    os.environ.update(benchlib.production_env(VARNISH_URLS=""))
    import django

    django.setup()
    benchlib.prepare()
    if not benchlib.is_filled():
        print(f"Remplissage : {benchlib.fill():.0f} s", file=sys.stderr, flush=True)
    rare_items()
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(staff())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    results = {}
    for name, url in pages():
        results[name] = measure(client, url)
        print(f"{name}: {results[name]}", file=sys.stderr, flush=True)
    if os.environ.get("BENCH_PROFILE"):
        profile(client, dict(pages())[os.environ.get("BENCH_PROFILE_PAGE", "actualités : liste")])
    print(benchlib.ARTICLES, json.dumps(results))


def staff():
    from django.contrib.auth import get_user_model

    user, _created = get_user_model().objects.get_or_create(
        username="bench-admin",
        defaults={"is_staff": True, "is_superuser": True, "first_name": "Bench"},
    )
    return user


def rare_items() -> None:
    """Give three articles and three releases a word found nowhere else, once (saved, indexed)."""
    from news.models import Article
    from press.models import PressRelease

    for model, prefix in ((Article, "bench-"), (PressRelease, "cp-bench-")):
        if model.objects.filter(title__contains=RARE_WORD).exists():
            continue
        for n in (11, 51, 91):
            item = model.objects.get(slug=f"{prefix}{n}")
            item.title = f"{item.title[:150]} {RARE_WORD}"
            item.save()


def pages() -> list[tuple[str, str]]:
    from django.utils import timezone

    from news.models import Article
    from press.models import PressRelease

    last_year = timezone.localdate().year - 1
    # As Django's « 7 derniers jours » link writes it.
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    recent = urlencode(
        {
            "publication_date__gte": str(today - timedelta(days=7)),
            "publication_date__lt": str(today + timedelta(days=1)),
        }
    )
    article = Article.objects.get(slug="bench-51").pk
    release = PressRelease.objects.get(slug="cp-bench-51").pk
    found = []
    for what, base, pk, model, extra in (
        (
            "actualités",
            "/admin/news/article/",
            article,
            Article,
            [("à la une", "featured__exact=1")],
        ),
        (
            "communiqués",
            "/admin/press/pressrelease/",
            release,
            PressRelease,
            [("embargo", "embargo=en-cours")],
        ),
    ):
        # Page 500, or the last one of a smaller table.
        page = min(500, max(1, model.objects.count() // 100))
        found += [
            (f"{what} : liste", base),
            (f"{what} : liste, page 500", f"{base}?p={page}"),
            (f"{what} : recherche, mot courant", f"{base}?q=citadelle"),
            (f"{what} : recherche, mot rare", f"{base}?q={RARE_WORD}"),
            (f"{what} : recherche, identifiant", f"{base}?q={pk}"),
            (f"{what} : filtre brouillons", f"{base}?status__exact=draft"),
            (f"{what} : filtre thème", f"{base}?topic__id__exact=3"),
            *((f"{what} : filtre {name}", f"{base}?{query}") for name, query in extra),
            (f"{what} : filtre 7 derniers jours", f"{base}?{recent}"),
            (f"{what} : dates, années", f"{base}?publication_date__year={last_year}"),
            (
                f"{what} : dates, jours d’un mois",
                f"{base}?publication_date__year={last_year}&publication_date__month=6",
            ),
        ]
    autocomplete = "/admin/autocomplete/?app_label=news&model_name=article"
    found += [
        (
            "autocomplete actualités liées, « citad »",
            f"{autocomplete}&field_name=related&term=citad",
        ),
        ("autocomplete actualités liées, mot rare", f"{autocomplete}&field_name=related&term=zorg"),
        ("autocomplete actualités liées, vide", f"{autocomplete}&field_name=related&term="),
        ("autocomplete mots-clés, « vil »", f"{autocomplete}&field_name=tags&term=vil"),
        ("actualité : formulaire", f"/admin/news/article/{article}/change/"),
        ("communiqué : formulaire", f"/admin/press/pressrelease/{release}/change/"),
    ]
    return found


def measure(client, url: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, cpu, sql, queries = [], [], [], 0
    for run in range(RUNS + 2):
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            used = (time.process_time() - started_cpu) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url} : {response.status_code}")
        if run >= 2:
            times.append(elapsed)
            cpu.append(used)
            sql.append(sum(float(query["time"]) for query in captured) * 1000)
            queries = len(captured)
    times.sort()
    return {
        "p50": statistics.median(times),
        "p90": times[min(len(times) - 1, round(0.9 * (len(times) - 1)))],
        "cpu": statistics.median(cpu),
        "sql": statistics.median(sql),
        "queries": queries,
    }


def profile(client, url: str) -> None:
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        client.get(url)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
    print(out.getvalue(), file=sys.stderr)


def table(paths: list[str]) -> None:
    """Print and record the table of sizes measured one by one (``--one > size.json``)."""
    from results import recorded

    measured = {}
    for path in paths:
        size, results = Path(path).read_text().strip().splitlines()[-1].split(" ", 1)
        measured[int(size)] = json.loads(results)
    with recorded("make bench-admin"):
        print_table(measured)


if __name__ == "__main__":
    if "--one" in sys.argv:
        one()
    elif "--table" in sys.argv:
        sys.path.insert(0, str(ROOT / "bench"))
        table(sys.argv[sys.argv.index("--table") + 1 :])
    else:
        sys.path.insert(0, str(ROOT / "bench"))
        main()
