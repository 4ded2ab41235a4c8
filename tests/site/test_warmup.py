"""A new server process builds its templates before its first reader (namur_site/warmup.py)."""

from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from namur_site.warmup import site_template_names, warm_up


def test_the_site_templates_are_listed_and_only_those():
    names = site_template_names()

    assert {"base.html", "news/article_detail.html", "press/pressrelease_detail.html"} <= set(names)
    root = Path(settings.BASE_DIR)
    own = {
        str(path.relative_to(folder))
        for folder in root.glob("**/templates")
        if "site-packages" not in folder.parts and "node_modules" not in folder.parts
        for path in folder.rglob("*.html")
    }
    # Django's own admin templates are not compiled ahead: editors are few, readers many.
    assert set(names) <= own


def test_warm_up_compiles_every_site_template_without_the_database(db):
    with CaptureQueriesContext(connection) as queries:
        done = warm_up()

    assert done["templates"] == len(site_template_names())
    # A server must start while PostgreSQL is down.
    assert len(queries) == 0
