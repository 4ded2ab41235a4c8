"""Search across the public content of news and press, in French.

On PostgreSQL: full-text search with the ``french_unaccent`` configuration (French stemming,
accents ignored), title weighted above lead above body, ranked, with highlighted excerpts and a
GIN index; a trigger keeps each row's ``search_vector`` current on every write.
Elsewhere (SQLite): every word of the query must appear in ``search_document``, a folded
plain-text copy (lower case, no accents, no HTML) written on save; title matches rank first.
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
from django.db import connection, models
from django.db.models import Case, F, FloatField, Func, IntegerField, Q, Value, When
from django.db.models.functions import Cast, Concat, StrIndex
from django.db.models.lookups import GreaterThan, LessThan
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

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


def fold(text: str) -> str:
    """Return ``text`` in lower case without accents, one character for one character."""
    return "".join(unicodedata.normalize("NFKD", char)[0] for char in text.lower())


def plain_text(html: str) -> str:
    """Return the text a reader sees in ``html``: no tags, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", unescape(strip_tags(html or ""))).strip()


def normalise_query(query: str) -> str:
    """Return the query trimmed to a sane length, with control characters removed."""
    query = "".join(char for char in query if char.isprintable())
    return " ".join(query.split())[:MAX_QUERY_LENGTH]


class SearchDocumentField(models.TextField):
    """A folded plain-text copy of ``sources``, written whenever the row is saved."""

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
        # The title comes first and alone on its line: ranking looks for matches before "\n".
        value = "\n".join(
            fold(plain_text(getattr(model_instance, source))) for source in self.sources
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


def _words(query: str) -> list[str]:
    """Return the folded words of ``query``, a light French plural taken off the longer ones."""
    words = re.findall(r"\w+", fold(query))
    return [re.sub(r"(?<=\w{3})[sx]$", "", word) for word in words if len(word) > 1][:10]


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
        words = _words(query)
        conditions = [Q(search_document__contains=word) for word in words]
        matches = queryset.filter(*conditions) if conditions else queryset.none()
        rank = _title_hits(words)
    candidates = matches.order_by("-publication_date").values("pk")[:MAX_CANDIDATES]
    return model.objects.filter(pk__in=candidates).annotate(rank=rank)


def _title_hits(words: list[str]):
    """Return an expression counting the ``words`` found in the title line of the document."""
    title_end = StrIndex("search_document", Value("\n"))
    hits = []
    for word in words:
        position = StrIndex("search_document", Value(word))
        hits.append(
            Case(
                When(GreaterThan(position, 0) & LessThan(position, title_end), then=1),
                default=0,
                output_field=IntegerField(),
            )
        )
    return Cast(sum(hits, Value(0)), FloatField())


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
            item.excerpt = _excerpt(f"{item.lead} {plain_text(item.body)}", _words(query))
        items[item.pk] = item
    return items


def _marked(headline: str) -> SafeString:
    """Escape a database headline, then turn its match marks into <mark> elements."""
    text = escape(unescape(headline.replace(START, "\x00").replace(STOP, "\x01")))
    return mark_safe(text.replace("\x00", "<mark>").replace("\x01", "</mark>"))  # noqa: S308


def _excerpt(text: str, words: list[str]) -> SafeString:
    """Return an escaped window of ``text`` around the first match, every match in <mark>."""
    folded = fold(text)
    hits = sorted(
        (match.start(), match.end())
        for word in words
        for match in re.finditer(re.escape(word), folded)
    )
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
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {table}")  # noqa: S608 - table name from code
            ids = [row[0] for row in cursor.fetchall()]
        model = next(m for m in apps.get_models() if m._meta.db_table == table)
        for row in model._base_manager.filter(pk__in=ids):
            row.save(update_fields=["search_document"])

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(drop)

    return [migrations.RunPython(forward, backward)]
