"""SQLite backend: one file, WAL journal, FTS5 full-text index."""

from __future__ import annotations

import re

from sqlalchemy import Connection, Select, column, create_engine, event, func, literal_column, select, table
from sqlalchemy.pool import NullPool

from communique.records import Record
from communique.store import schema as s
from communique.store.sql import SQLStore

_fts = table("documents_fts", column("doc_id"), column("title"), column("text"))
_FTS = literal_column("documents_fts")
_TERM = re.compile(r'"([^"]*)"|(\S+)')


def fts5_query(query: str) -> str:
    """A user query as an FTS5 expression: every word or "quoted phrase" must occur.

    Each term is quoted so that FTS5 syntax characters in user input (-, :, *, parentheses,
    AND/OR/NOT) search as text instead of raising a syntax error.
    """
    terms = []
    for phrase, word in _TERM.findall(query):
        term = (phrase or word).replace('"', "")
        if term.strip():
            terms.append(f'"{term}"')
    return " ".join(terms) or '""'


class SQLiteStore(SQLStore):
    def __init__(self, path: str) -> None:
        url = "sqlite://" if path == ":memory:" else f"sqlite:///{path}"
        # NullPool for files: each connection is opened fresh, so a store is safe to use from a
        # new process after a fork, and an in-memory one keeps its single connection alive.
        engine = create_engine(url, poolclass=None if path == ":memory:" else NullPool)
        event.listen(engine, "connect", _pragmas)
        super().__init__(engine, path)

    def _fts_write(self, conn: Connection, records: list[Record]) -> None:
        conn.execute(_fts.insert(), [{"doc_id": r.id, "title": r.title or "", "text": r.text}
                                     for r in records])

    def _fts_delete(self, conn: Connection, doc_ids: list[str]) -> None:
        conn.execute(_fts.delete().where(_fts.c.doc_id.in_(doc_ids)))

    def _fts_select(self, query: str, limit: int) -> Select:
        d = s.documents
        # bm25 weights per column (doc_id, title, text): a hit in the title counts double.
        score = func.bm25(_FTS, 0.0, 2.0, 1.0)
        return (select(d.c.id, d.c.title, d.c.published, d.c.source_name,
                       func.snippet(_FTS, 2, "[", "]", " … ", 16).label("snippet"),
                       (-score).label("score"))
                .select_from(_fts).join(d, d.c.id == _fts.c.doc_id)
                .where(_FTS.op("MATCH")(fts5_query(query)))
                .order_by(score))


def _pragmas(dbapi_conn: object, _record: object) -> None:
    cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
    # WAL: readers (search, browse) do not block the ingest writer and vice versa; NORMAL sync
    # is durable across a killed process (only an OS crash can lose the last commits).
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()
