"""The SQLite search index: an FTS5 table per searchable table, kept current by triggers.

Each row's ``search_document`` holds the stems of its title, lead and body, one line each
(``search_text.tokens``), written on save. Triggers copy it into ``<table>_search``, an FTS5
table whose rowid is the row's id, with one column per line so that ``bm25()`` weighs a match
in the title above one in the lead, above one in the body. Nothing here runs on PostgreSQL.
"""

from django.db.models import FloatField
from django.db.models.expressions import RawSQL

# bm25() weights of the title, lead and body columns.
WEIGHTS = (10.0, 5.0, 1.0)


def index_table(table: str) -> str:
    return f"{table}_search"


def _columns(document: str) -> str:
    """Return SQL for the three lines of ``document``; an empty document gives three ''."""
    rest = f"substr({document}, instr({document}, char(10)) + 1)"
    return (
        f"substr({document}, 1, instr({document}, char(10)) - 1), "
        f"substr({rest}, 1, instr({rest}, char(10)) - 1), "
        f"substr({rest}, instr({rest}, char(10)) + 1)"
    )


def _triggers(table: str) -> list[str]:
    # Table names come from migrations and models, never from users.
    index = index_table(table)
    insert = (
        f"INSERT INTO {index} (rowid, title, lead, body)"  # noqa: S608
        f" VALUES (NEW.id, {_columns('NEW.search_document')});"
    )
    delete = f"DELETE FROM {index} WHERE rowid = OLD.id;"  # noqa: S608
    return [
        f"CREATE TRIGGER IF NOT EXISTS {index}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {index}_update AFTER UPDATE OF search_document ON {table}"
        f" BEGIN {delete} {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {index}_delete AFTER DELETE ON {table} BEGIN {delete} END",
    ]


def ensure_triggers(connection, tables) -> None:
    """Create the triggers that are missing: SQLite drops them when Django rebuilds a table."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s",
                [index_table(table)],
            )
            if cursor.fetchone():
                for statement in _triggers(table):
                    cursor.execute(statement)


def refill(connection, table: str) -> None:
    """Empty ``table``'s index and fill it again from every row's ``search_document``."""
    index = index_table(table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {index}")  # noqa: S608 - table name from code
        cursor.execute(
            f"INSERT INTO {index} (rowid, title, lead, body)"  # noqa: S608
            f" SELECT id, {_columns('search_document')} FROM {table}"
        )


def create(connection, table: str) -> None:
    index = index_table(table)
    with connection.cursor() as cursor:
        # "_" is part of a token: the GAP that stands for a stop word (search_text.GAP).
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {index}"
            " USING fts5(title, lead, body, tokenize = \"unicode61 tokenchars '_'\")"
        )
    ensure_triggers(connection, [table])


def drop(connection, table: str) -> None:
    index = index_table(table)
    with connection.cursor() as cursor:
        for suffix in ("insert", "update", "delete"):
            cursor.execute(f"DROP TRIGGER IF EXISTS {index}_{suffix}")
        cursor.execute(f"DROP TABLE IF EXISTS {index}")


def matching_ids(table: str, query: str) -> RawSQL:
    """Return a subquery of the ids of ``table`` whose index matches the FTS5 ``query``."""
    index = index_table(table)
    sql = f"SELECT rowid FROM {index} WHERE {index} MATCH %s"  # noqa: S608
    return RawSQL(sql, [query])  # noqa: S611 - table name from code, the query a parameter


def rank(table: str, query: str) -> RawSQL:
    """Return the bm25() score of each row of ``table`` for ``query``, higher for better."""
    index = index_table(table)
    weights = ", ".join(map(str, WEIGHTS))
    sql = (
        f"(SELECT -bm25({index}, {weights}) FROM {index}"  # noqa: S608
        f' WHERE {index} MATCH %s AND {index}.rowid = "{table}"."id")'
    )
    return RawSQL(sql, [query], output_field=FloatField())  # noqa: S611 - as above
