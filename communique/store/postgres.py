"""PostgreSQL backend: psycopg 3, full-text search on a generated, GIN-indexed tsvector."""

from __future__ import annotations

from sqlalchemy import Select, create_engine, func, literal_column, select

from communique.store import schema as s
from communique.store.sql import SQLStore

_TSV = literal_column("documents.tsv")


class PostgresStore(SQLStore):
    def __init__(self, url: str) -> None:
        engine = create_engine(_driver_url(url), pool_pre_ping=True)
        super().__init__(engine, _safe(url))

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
