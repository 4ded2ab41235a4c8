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
from functools import lru_cache
from html import unescape

from django.apps import apps
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connection, connections, models, router, transaction
from django.db.models import Case, F, Func, Q, Value, When
from django.db.models.functions import Coalesce, Replace
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from core.search import search_sqlite, search_text

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


SEPARATOR = " · "


def _path_texts(obj, path: str) -> list[str]:
    """Return the texts at ``path`` from ``obj``: ``a__b__c`` follows relations, ``x+y`` joins.

    A relation to many (attachments, contacts, tags) gives one text per related row, in its
    order; the last part may name several fields of one row, read together (« Julien
    Dumonceau »).
    """
    head, _, rest = path.partition("__")
    if not rest:
        values = (getattr(obj, name) for name in head.split("+"))
        text = " ".join(plain_text(str(value)) for value in values if value not in (None, ""))
        return [text] if text else []
    related = getattr(obj, head)
    if related is None:
        return []
    if hasattr(related, "all"):
        return [text for row in related.all() for text in _path_texts(row, rest)]
    return _path_texts(related, rest)


class SearchDocumentField(models.TextField):
    """What a reader sees of a row, by weight, one line each, written whenever it is saved.

    ``sources`` has one entry per weight (title, lead, the rest of the page): a field name, a
    path through relations (``attachments__title``), or a tuple of them. On SQLite the line
    holds the stems of those texts (``search_text.tokens``), which the FTS5 index reads; on
    PostgreSQL the texts themselves, HTML-escaped, which a trigger turns into ``search_vector``
    and from which excerpts are cut. Relations are read once the row exists; ``changed``
    writes the document again when a related row changes.
    """

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

    def paths(self) -> list[str]:
        return [path for source in self.sources for path in _as_tuple(source)]

    def local_fields(self) -> list[str]:
        """Return the model's own fields the sources read."""
        return [name for path in self.paths() if "__" not in path for name in path.split("+")]

    def prefetch(self) -> list[str]:
        """Return the relations the sources follow, for ``prefetch_related()``."""
        return sorted({path.rsplit("__", 1)[0] for path in self.paths() if "__" in path})

    def texts(self, instance) -> list[str]:
        """Return the lines of what a reader sees of ``instance``, one per weight."""
        lines = []
        for source in self.sources:
            texts = []
            for path in _as_tuple(source):
                if "__" in path and instance.pk is None:
                    continue  # no related row yet: they are read when they are saved
                texts += _path_texts(instance, path)
            lines.append(SEPARATOR.join(texts))
        return lines

    def document(self, instance, vendor: str) -> str:
        lines = self.texts(instance)
        if vendor == "postgresql":
            # Escaped: PostgreSQL's parser, in excerpts, would read a visible "<b>" as a tag.
            lines = [escape(line) for line in lines]
        else:
            lines = [" ".join(search_text.tokens(line)) for line in lines]
        return "\n".join(lines)

    def pre_save(self, model_instance, add):
        alias = router.db_for_write(type(model_instance), instance=model_instance)
        value = self.document(model_instance, connections[alias].vendor)
        setattr(model_instance, self.attname, value)
        return value


def _as_tuple(source) -> tuple[str, ...]:
    return (source,) if isinstance(source, str) else tuple(source)


class Searchable(models.Model):
    """What a model needs to be found: its fields by weight, and the two search columns.

    A concrete model names its kind: ``search_slug`` (the filter's value in the address),
    ``search_label`` and ``search_order`` (its place in the filter).
    """

    search_slug = ""
    search_label = ""
    search_order = 0
    # What only the search reads: the public pages leave these columns (the whole text again,
    # and its vector) in the database (``defer(*Model.search_columns)``).
    search_columns = ("search_vector", "search_document")

    search_vector = SearchVectorField(null=True, editable=False)
    search_document = SearchDocumentField(sources=("title", "lead", "body"))

    class Meta:
        abstract = True


def searchable_models(slugs=()):
    for kind in kinds():
        if not slugs or kind.slug in slugs:
            yield kind, kind.model


def _matching(model, query: str, *, topic=None, year=None):
    """Return the live rows of ``model`` matching ``query``, and the expression of their rank.

    Only the MAX_CANDIDATES most recent matches are ranked (the caller takes them): ranking
    reads every candidate's vector, and a common word can match most of the archive.
    """
    queryset = model.objects.live()
    if topic is not None:
        queryset = queryset.filter(topic=topic)
    if year is not None:
        queryset = queryset.filter(publication_date__year=year)
    groups = search_text.parse(query)
    if not groups:
        return model.objects.none(), Value(0.0)
    if connection.vendor == "postgresql":
        search_query = _pg_query(groups)
        matches = queryset.filter(search_vector=search_query)
        rank = SearchRank(F("search_vector"), search_query)
    else:
        fts5_query = search_text.fts5_query(groups)
        table = model._meta.db_table
        matches = queryset.filter(pk__in=search_sqlite.matching_ids(table, fts5_query))
        rank = search_sqlite.rank(table, fts5_query)
    return matches, rank


def _pg_query(groups) -> SearchQuery:
    # The words kept by search_text, so that both databases read a query the same way.
    return SearchQuery(search_text.websearch(groups), config=CONFIG, search_type="websearch")


def slug_vector() -> SearchVector:
    """Return the words of a row's slug as PostgreSQL indexes them: whole, neither stemmed nor
    dropped (``simple``), the hyphens made spaces."""
    return SearchVector(Replace("slug", Value("-"), Value(" ")), config="simple")


# The largest id a query may name: PostgreSQL's bigint.
_MAX_ID = 2**63 - 1


def staff_search(queryset, query: str):
    """Return the rows of ``queryset`` that ``query`` finds for staff, and how to rank them.

    Staff look for an item they know, in any state: by words of what a reader sees of it
    (title, lead, page; a lone word also as the start of one, « citad » for « Citadelle », as
    they type), by every word of its address (slug), or by its id. Returns the filtered
    queryset and the rank expression (None when only the address or the id can match); both
    read the indexes: the search vector's and the slug's (GIN) on PostgreSQL, the FTS5 table
    on SQLite.
    """
    model = queryset.model
    query = normalise_query(query)
    groups = search_text.parse(query)
    words = search_text.slug_words(query)
    found, rank = Q(), None
    named = int(query) if query.isdigit() and int(query) <= _MAX_ID else None
    if named is not None:
        found |= Q(pk=named)
    if connection.vendor == "postgresql":
        if groups:
            text_query = SearchQuery(
                search_text.prefix_tsquery(groups), config=CONFIG, search_type="raw"
            )
            found |= Q(search_vector=text_query)
            rank = SearchRank(F("search_vector"), text_query)
        if words:
            # The same expression as the index of the slug's words (migrations).
            queryset = queryset.alias(slug_words=slug_vector())
            slug_query = SearchQuery(" & ".join(words), config="simple", search_type="raw")
            found |= Q(slug_words=slug_query)
    else:
        table = model._meta.db_table
        if groups:
            fts5_query = search_text.fts5_prefix_query(groups)
            found |= Q(pk__in=search_sqlite.matching_ids(table, fts5_query))
            rank = search_sqlite.rank(table, fts5_query)
        if words:
            found |= Q(*(_slug_word(word) for word in words))
    if not found:
        return queryset.none(), None
    if rank is not None and named is not None:
        # The item the number names comes before those that merely hold it.
        # (Rows found by their id alone have no text rank: NULL on SQLite.)
        rank = Coalesce(rank, Value(0.0)) + Case(
            When(pk=named, then=Value(1000.0)), default=Value(0.0)
        )
    return queryset.filter(found), rank


def _slug_word(word: str) -> Q:
    return (
        Q(slug=word)
        | Q(slug__startswith=f"{word}-")
        | Q(slug__endswith=f"-{word}")
        | Q(slug__contains=f"-{word}-")
    )


def only_stop_words(query: str) -> bool:
    """Return True if every word of ``query`` is too common to search (« la », « a »)."""
    return search_text.only_stop_words(query)


class Found:
    """The matches of a search, ranked: at most MAX_CANDIDATES of each kind, read in one query
    on first use, so that the count and the page share one scan of the candidates."""

    def __init__(self, ranked):
        self.ranked = ranked
        self._rows = None

    @property
    def rows(self) -> list[dict]:
        if self._rows is None:
            self._rows = list(self.ranked)
        return self._rows

    def count(self) -> int:
        return len(self.rows)

    def __getitem__(self, index):
        return self.rows[index]

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def find(query: str, *, kinds=(), topic=None, year=None):
    """Return the matches of every searchable kind as one ranked list of small dicts."""
    if not search_text.parse(query):
        return []  # only words too common to search
    found = [
        (kind, _matching(model, query, topic=topic, year=year))
        for kind, model in searchable_models(kinds)
    ]
    if not found:
        return []
    # PostgreSQL takes each kind's newest candidates and ranks them in the same scan, each part
    # of the union limited; SQLite cannot limit a part of a union: it ranks the rows whose id
    # is among the newest candidates.
    in_place = connection.vendor == "postgresql" and len(found) > 1
    parts = []
    for kind, (matches, rank) in found:
        newest = matches.order_by("-publication_date")
        if in_place:
            ranked = newest.annotate(rank=rank)
        else:
            candidates = newest.values("pk")[:MAX_CANDIDATES]
            ranked = matches.model.objects.filter(pk__in=candidates).annotate(rank=rank).order_by()
        part = ranked.annotate(kind=Value(kind.slug, output_field=models.CharField())).values(
            "pk", "kind", "rank", "publication_date"
        )
        parts.append(part[:MAX_CANDIDATES] if in_place else part)
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return Found(combined.order_by("-rank", "-publication_date"))


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
    """Return the items of ``pks`` with their excerpt, cut from all but the title's line."""
    field = model._meta.get_field("search_document")
    queryset = model.objects.filter(pk__in=pks).select_related("topic")
    groups = search_text.parse(query)
    if connection.vendor == "postgresql":
        # The excerpt is cut in the database: only the columns a result shows are read.
        queryset = queryset.only("pk", "title", "slug", "publication_date", "topic__name")
        # The document holds the texts themselves here: the lead's line and the rest's.
        text = Func(
            F("search_document"),
            Value("^[^\n]*\n"),
            Value(""),
            function="regexp_replace",
            output_field=models.TextField(),
        )
        queryset = queryset.annotate(
            headline=SearchHeadline(
                text,
                _pg_query(groups),
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=40,
                min_words=20,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
    else:
        queryset = queryset.prefetch_related(*field.prefetch())
    items = {}
    stems = search_text.wanted_stems(groups)
    for item in queryset:
        if connection.vendor == "postgresql":
            item.excerpt = _marked(item.headline)
        else:
            lines = field.texts(item)[1:]
            item.excerpt = _excerpt(SEPARATOR.join(line for line in lines if line), stems)
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


# Each line of the document, its escapes and punctuation made spaces: words are what
# search_text.WORD finds (« CP-2026-003 » three words, not "cp", "-2026", "-003").
_PG_LINE = (
    "regexp_replace(regexp_replace(split_part(NEW.search_document, E'\\n', {n}),"
    " '&#?[a-z0-9]+;', ' ', 'gi'), '[^[:alnum:]]+', ' ', 'g')"
)


def document_index_operations(table: str, weights=("A", "B", "C")):
    """Return the migration operations that index ``table``'s ``search_document``.

    On PostgreSQL the trigger computes ``search_vector`` from the document's lines (what a
    reader sees, written by ``SearchDocumentField``) rather than from the row's own columns,
    so that related rows count. Everywhere, the existing rows' documents are written again.
    """
    from django.db import migrations

    vector = " || ".join(
        f"setweight(to_tsvector('{CONFIG}', {_PG_LINE.format(n=n)}), '{weight}')"
        for n, weight in enumerate(weights, 1)
    )
    # Table names come from migrations, never from users.
    create = f"""
        CREATE OR REPLACE FUNCTION {table}_search_vector() RETURNS trigger AS $$
        BEGIN NEW.search_vector := {vector}; RETURN NEW; END $$ LANGUAGE plpgsql;
    """

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(create)
        _rewrite_documents(apps, schema_editor, table)

    return [migrations.RunPython(forward, migrations.RunPython.noop)]


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
    table = model._meta.db_table
    with transaction.atomic():
        count = write_documents(model, model._base_manager.all(), batch_size=batch_size)
        if connection.vendor == "sqlite":
            search_sqlite.create(connection, table)
            search_sqlite.refill(connection, table)
    return count


def write_documents(model, queryset, *, batch_size=500) -> int:
    """Write the ``search_document`` of the rows of ``queryset`` again; return their count."""
    field = model._meta.get_field("search_document")
    rows = queryset.only("pk", *field.local_fields()).prefetch_related(*field.prefetch())
    count, batch = 0, []
    for row in rows.order_by("pk").iterator(chunk_size=batch_size):
        field.pre_save(row, add=False)
        batch.append(row)
        if len(batch) == batch_size:
            count += model._base_manager.bulk_update(batch, ["search_document"])
            batch = []
    return count + model._base_manager.bulk_update(batch, ["search_document"])


@dataclass(frozen=True)
class _Follower:
    """A searchable model whose documents read ``lookup`` (a relation path) of another model."""

    model: type
    lookup: str
    # A link row of a ManyToManyField (a tag's): m2m_changed says which rows it links.
    link: bool = False


@lru_cache(maxsize=1)
def _followers() -> dict:
    """Return, for each model a document reads through a relation, who reads it and how."""
    followers = {}
    for kind in kinds():
        field = kind.model._meta.get_field("search_document")
        for path in field.paths():
            parts = path.split("__")[:-1]
            model = kind.model
            for depth in range(1, len(parts) + 1):
                relation = model._meta.get_field(parts[depth - 1])
                model = relation.related_model
                follower = _Follower(kind.model, "__".join(parts[:depth]))
                followers.setdefault(model, set()).add(follower)
                through = getattr(relation.remote_field, "through", None)
                if relation.many_to_many and through is not None:
                    # Linked or unlinked with add(), remove(), set() (tags): m2m_changed.
                    link = _Follower(kind.model, follower.lookup, link=True)
                    followers.setdefault(through, set()).add(link)
    return followers


def _affected(instance) -> dict:
    """Return the searchable rows whose document shows ``instance``, by model."""
    rows = {}
    for follower in _followers().get(type(instance), ()):
        if follower.link:
            continue
        pks = follower.model._base_manager.filter(**{follower.lookup: instance.pk}).values_list(
            "pk", flat=True
        )
        rows.setdefault(follower.model, set()).update(pks)
    return rows


def changed(sender, instance=None, signal=None, action=None, **kwargs) -> None:
    """Write again the documents that show a saved, deleted or re-linked related row.

    Connected by the site to ``post_save``, ``pre_delete``, ``post_delete`` and
    ``m2m_changed``: an attachment added or renamed, a contact renamed, a tag set.
    """
    if instance is None or kwargs.get("raw"):
        return
    if action is not None:
        _relinked(sender, instance, action, **kwargs)
        return
    if type(instance) not in _followers():
        return
    if signal is models.signals.pre_delete:
        # Once deleted, the row no longer leads to the documents that showed it.
        instance._search_affected = _affected(instance)
        return
    if signal is models.signals.post_delete:
        affected = getattr(instance, "_search_affected", {})
        origin = kwargs.get("origin")
        if origin is not None and type(origin) in affected:
            affected[type(origin)].discard(origin.pk)  # deleted with it: nothing to write
    else:
        affected = _affected(instance)
    for model, pks in affected.items():
        if pks:
            write_documents(model, model._base_manager.filter(pk__in=pks))


def _relinked(through, instance, action, *, pk_set=None, model=None, **kwargs) -> None:
    if not action.startswith("post_") or through not in _followers():
        return
    if isinstance(instance, Searchable):
        write_documents(type(instance), type(instance)._base_manager.filter(pk=instance.pk))
    elif model is not None and issubclass(model, Searchable) and pk_set:
        write_documents(model, model._base_manager.filter(pk__in=pk_set))


def slug_index_operations(model_name: str, index_name: str):
    """Return the migration operations that index the words of ``model_name``'s slug.

    On PostgreSQL only (GIN), over the very expression ``staff_search`` filters on, so that
    the planner matches the two.
    """
    from django.contrib.postgres.indexes import GinIndex
    from django.db import migrations

    index = GinIndex(slug_vector(), name=index_name)

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.add_index(apps.get_model(model_name), index)

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.remove_index(apps.get_model(model_name), index)

    return [migrations.RunPython(forward, backward)]
