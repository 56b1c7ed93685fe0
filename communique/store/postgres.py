"""PostgreSQL backend: psycopg 3, full-text search on a generated, GIN-indexed tsvector."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import Connection, Select, Table, create_engine, func, literal_column, select
from sqlalchemy.exc import DBAPIError

from communique.errors import InputError
from communique.records import Record
from communique.store import schema as s
from communique.store.base import WriteResult
from communique.store.sql import SQLStore

_TSV = literal_column("documents.tsv")


class PostgresStore(SQLStore):
    def __init__(self, url: str) -> None:
        engine = create_engine(_driver_url(url), pool_pre_ping=True)
        super().__init__(engine, _safe(url))

    def bulk_write(self, records: list[Record], failures: list[InputError]) -> WriteResult:
        """`write_batch` with the document and child-table rows loaded by COPY (the Ray bulk load).

        Same rows, seq numbers, actors and failure clearing, in one transaction: only the
        insert step differs.
        """
        return self._write(records, failures, copy_rows)

    def _fts_select(self, query: str, limit: int) -> Select:
        d = s.documents
        # websearch_to_tsquery accepts what people type ("quoted phrases", or, -not) without
        # ever raising a syntax error.
        tsq = func.websearch_to_tsquery("english", query)
        score = func.ts_rank(_TSV, tsq)
        snippet = func.ts_headline("english", d.c.text, tsq,
                                   "StartSel=[, StopSel=], MaxWords=30, MinWords=12")
        return (select(d.c.id, d.c.title, d.c.published, d.c.source_name, snippet.label("snippet"),
                       score.label("score"))
                .where(_TSV.op("@@")(tsq)).order_by(score.desc(), d.c.seq))


def copy_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert `rows` into `table` with COPY FROM STDIN, inside `conn`'s open transaction.

    Text-format COPY: psycopg escapes tabs, newlines and backslashes, writes None as NULL and
    bools as t/f; the JSON columns are already strings (Text in the schema).  Errors come back
    wrapped as SQLAlchemy's, like those of the executemany path, so callers catch one kind.
    """
    if not rows:
        return
    cols = list(rows[0])
    stmt = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, cols)))
    # The DBAPI connection SQLAlchemy began its transaction on: COPY joins that transaction.
    driver = conn.connection.driver_connection
    assert isinstance(driver, psycopg.Connection), "PostgresStore runs on psycopg 3"
    try:
        with driver.cursor() as cur, cur.copy(stmt) as copy:
            for row in rows:
                copy.write_row([row[c] for c in cols])
    except psycopg.Error as exc:
        raise DBAPIError.instance(f"COPY {table.name}", None, exc, psycopg.Error) from exc


def _driver_url(url: str) -> str:
    """`postgresql://` and `postgres://` mean psycopg 3 here (SQLAlchemy would pick psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(_driver_url(url)).render_as_string(hide_password=True)
