"""Search across the public content of news and press, in French.

On PostgreSQL: full-text search with the ``french_unaccent`` configuration (French stemming,
accents ignored), title weighted above lead above body, ranked, with highlighted excerpts and a
GIN index; a trigger keeps each row's ``search_vector`` current on every write.
On SQLite: the same French analysis in Python (``search_text``: accents off, stop words out,
Snowball's French stemmer), written on save into ``search_document`` and copied by triggers
into an FTS5 table ranked with bm25(), title above lead above body (``search_sqlite``).
Either way, only ``live()`` content is ever searched.
"""

import re
import unicodedata
from dataclasses import dataclass
from html import unescape

from django.apps import apps
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection, connections, models, transaction
from django.db.models import F, Func, Value
from django.db.models.functions import Concat
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from namur_site.core import search_sqlite, search_text

MAX_QUERY_LENGTH = 200
CONFIG = "french_unaccent"
# Marks put around matches by the database, then turned into <mark> after escaping.
START, STOP = "\u27e6", "\u27e7"
EXCERPT_LENGTH = 240
# Matches ranked per kind of content: the most recent ones, when a word is very common.
MAX_CANDIDATES = 500


@dataclass(frozen=True)
class Kind:
    slug: str
    label: str
    model: type


def kinds() -> list[Kind]:
    """Return the kinds of content the search covers: every Searchable model, in their order."""
    models = [m for m in apps.get_models() if issubclass(m, Searchable)]
    models.sort(key=lambda model: model.search_order)
    return [Kind(model.search_slug, model.search_label, model) for model in models]


def plain_text(html: str) -> str:
    """Return the text a reader sees in ``html``: no tags, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", unescape(strip_tags(html or ""))).strip()


def normalise_query(query: str) -> str:
    """Return the query trimmed to a sane length, with control characters removed."""
    query = "".join(char for char in query if char.isprintable())
    return " ".join(query.split())[:MAX_QUERY_LENGTH]


class SearchDocumentField(models.TextField):
    """The stems of each of ``sources``, one line each, written whenever the row is saved."""

    def __init__(self, *args, sources=(), **kwargs):
        self.sources = tuple(sources)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["sources"] = self.sources
        for key, value in (("editable", False), ("blank", True), ("default", "")):
            if kwargs.get(key) == value:
                kwargs.pop(key)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        # One line per source: the SQLite index gives each its column, weighted for ranking.
        value = "\n".join(
            " ".join(search_text.tokens(plain_text(getattr(model_instance, source))))
            for source in self.sources
        )
        setattr(model_instance, self.attname, value)
        return value


class Searchable(models.Model):
    """What a model needs to be found: its fields by weight, and the two search columns.

    A concrete model names its kind: ``search_slug`` (the filter's value in the address),
    ``search_label`` and ``search_order`` (its place in the filter).
    """

    search_slug = ""
    search_label = ""
    search_order = 0

    search_vector = SearchVectorField(null=True, editable=False)
    search_document = SearchDocumentField(sources=("title", "lead", "body"))

    class Meta:
        abstract = True


def searchable_models(slugs=()):
    for kind in kinds():
        if not slugs or kind.slug in slugs:
            yield kind, kind.model


def _matching(model, query: str, *, topic=None, year=None):
    """Return the live rows of ``model`` matching ``query``, annotated with ``rank``.

    Only the MAX_CANDIDATES most recent matches are ranked: ranking reads every candidate's
    vector, and a common word can match most of the archive.
    """
    queryset = model.objects.live()
    if topic is not None:
        queryset = queryset.filter(topic=topic)
    if year is not None:
        queryset = queryset.filter(publication_date__year=year)
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, config=CONFIG, search_type="websearch")
        matches = queryset.filter(search_vector=search_query)
        rank = SearchRank(F("search_vector"), search_query)
    else:
        groups = search_text.parse(query)
        if not groups:
            return model.objects.none().annotate(rank=Value(0.0))
        fts5_query = search_text.fts5_query(groups)
        table = model._meta.db_table
        matches = queryset.filter(pk__in=search_sqlite.matching_ids(table, fts5_query))
        rank = search_sqlite.rank(table, fts5_query)
    candidates = matches.order_by("-publication_date").values("pk")[:MAX_CANDIDATES]
    return model.objects.filter(pk__in=candidates).annotate(rank=rank)


def find(query: str, *, kinds=(), topic=None, year=None):
    """Return the matches of every searchable kind as one ranked queryset of small dicts."""
    parts = [
        _matching(model, query, topic=topic, year=year)
        .annotate(kind=Value(kind.slug, output_field=models.CharField()))
        .values("pk", "kind", "rank", "publication_date")
        .order_by()
        for kind, model in searchable_models(kinds)
    ]
    if not parts:
        return []
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return combined.order_by("-rank", "-publication_date")


@dataclass(frozen=True)
class Result:
    kind: Kind
    item: models.Model
    excerpt: SafeString


def results_for(rows, query: str) -> list[Result]:
    """Return the page's matches as objects with their highlighted excerpt, in ``rows`` order."""
    by_kind = {}
    for kind, model in searchable_models(()):
        pks = [row["pk"] for row in rows if row["kind"] == kind.slug]
        if pks:
            by_kind[kind.slug] = (kind, _with_excerpts(model, pks, query))
    results = []
    for row in rows:
        kind, items = by_kind[row["kind"]]
        item = items[row["pk"]]
        results.append(Result(kind=kind, item=item, excerpt=item.excerpt))
    return results


def _with_excerpts(model, pks, query: str) -> dict:
    queryset = model.objects.filter(pk__in=pks).select_related("topic")
    if connection.vendor == "postgresql":
        text = Concat(
            "lead",
            Value(" "),
            Func(
                F("body"),
                Value("<[^>]+>"),
                Value(" "),
                Value("g"),
                function="regexp_replace",
                output_field=models.TextField(),
            ),
            output_field=models.TextField(),
        )
        queryset = queryset.annotate(
            headline=SearchHeadline(
                text,
                SearchQuery(query, config=CONFIG, search_type="websearch"),
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=40,
                min_words=20,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
    items = {}
    for item in queryset:
        if connection.vendor == "postgresql":
            item.excerpt = _marked(item.headline)
        else:
            stems = search_text.wanted_stems(search_text.parse(query))
            item.excerpt = _excerpt(f"{item.lead} {plain_text(item.body)}", stems)
        items[item.pk] = item
    return items


def _marked(headline: str) -> SafeString:
    """Escape a database headline, then turn its match marks into <mark> elements."""
    text = escape(unescape(headline.replace(START, "\x00").replace(STOP, "\x01")))
    return mark_safe(text.replace("\x00", "<mark>").replace("\x01", "</mark>"))  # noqa: S308


def _excerpt(text: str, stems: set[str]) -> SafeString:
    """Return an escaped window of ``text`` around the first match, matching words in <mark>.

    A word is marked whole when its stem is one of ``stems``; stop words never are.
    """
    text = unicodedata.normalize("NFC", text)
    hits = [
        match.span()
        for match in search_text.WORD.finditer(text)
        if search_text.stem(search_text.fold(match.group())) in stems
    ]
    first = hits[0][0] if hits else 0
    start = max(0, first - EXCERPT_LENGTH // 3)
    end = min(len(text), start + EXCERPT_LENGTH)
    # Cut between words, never inside one.
    if start > 0:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", max(start, first), end)
        end = space if space != -1 else end
    parts, cursor = [], start
    for hit_start, hit_end in hits:
        if hit_start < cursor or hit_end > end:
            continue
        parts += [
            escape(text[cursor:hit_start]),
            "<mark>",
            escape(text[hit_start:hit_end]),
            "</mark>",
        ]
        cursor = hit_end
    parts.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts).strip() + suffix)  # noqa: S308


def index_operations(table: str, weights=(("title", "A"), ("lead", "B"), ("body", "C"))):
    """Return the migration operations that keep ``table``'s search columns current.

    On PostgreSQL: a trigger computing ``search_vector`` on every insert and update (including
    ``QuerySet.update()``), a GIN index on it, and a pass over the existing rows. Everywhere: the
    existing rows' ``search_document`` is written.
    """
    from django.db import migrations

    vector = " || ".join(
        f"setweight(to_tsvector('{CONFIG}', coalesce(NEW.{column}, '')), '{weight}')"
        for column, weight in weights
    )
    # Table and column names come from migrations, never from users.
    create = f"""
        CREATE OR REPLACE FUNCTION {table}_search_vector() RETURNS trigger AS $$
        BEGIN NEW.search_vector := {vector}; RETURN NEW; END $$ LANGUAGE plpgsql;
        DROP TRIGGER IF EXISTS {table}_search_vector ON {table};
        CREATE TRIGGER {table}_search_vector BEFORE INSERT OR UPDATE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {table}_search_vector();
        CREATE INDEX IF NOT EXISTS {table}_search_vector_gin ON {table} USING GIN (search_vector);
        UPDATE {table} SET search_vector = NULL;
    """  # noqa: S608
    drop = f"""
        DROP INDEX IF EXISTS {table}_search_vector_gin;
        DROP TRIGGER IF EXISTS {table}_search_vector ON {table};
        DROP FUNCTION IF EXISTS {table}_search_vector();
    """

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(create)
        _rewrite_documents(apps, schema_editor, table)

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(drop)

    return [migrations.RunPython(forward, backward)]


def _rewrite_documents(apps, schema_editor, table: str) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table}")  # noqa: S608 - table name from code
        ids = [row[0] for row in cursor.fetchall()]
    model = next(m for m in apps.get_models() if m._meta.db_table == table)
    for row in model._base_manager.filter(pk__in=ids):
        row.save(update_fields=["search_document"])


def sqlite_index_operations(table: str):
    """Return the migration operations that create ``table``'s FTS5 index, on SQLite only.

    The existing rows' ``search_document`` is written again (stems, one line per field), which
    fills the index through its triggers.
    """
    from django.db import migrations

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            search_sqlite.create(schema_editor.connection, table)
            _rewrite_documents(apps, schema_editor, table)

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            search_sqlite.drop(schema_editor.connection, table)

    return [migrations.RunPython(forward, backward)]


def ensure_index(*, using="default", **kwargs) -> None:
    """Put back the SQLite index's triggers after ``migrate`` (a receiver of post_migrate)."""
    tables = [kind.model._meta.db_table for kind in kinds()]
    search_sqlite.ensure_triggers(connections[using], tables)


def rebuild_index(model, *, batch_size=500) -> int:
    """Write every row's ``search_document`` again, then refill the SQLite index; return rows.

    For content written around ``save()`` (raw SQL, fixtures) or indexed by an older version.
    On PostgreSQL the update also recomputes ``search_vector`` through its trigger.
    """
    field = model._meta.get_field("search_document")
    table = model._meta.db_table
    count = 0
    with transaction.atomic():
        rows = model._base_manager.only("pk", *field.sources).order_by("pk")
        batch = []
        for row in rows.iterator(chunk_size=batch_size):
            field.pre_save(row, add=False)
            batch.append(row)
            if len(batch) == batch_size:
                count += model._base_manager.bulk_update(batch, ["search_document"])
                batch = []
        count += model._base_manager.bulk_update(batch, ["search_document"])
        if connection.vendor == "sqlite":
            search_sqlite.create(connection, table)
            search_sqlite.refill(connection, table)
    return count
