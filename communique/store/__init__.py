"""The knowledge store: documents, records, actors and failures behind one `Store` interface.

    open_store("communique.db")                       SQLite file (WAL, FTS5)
    open_store("postgresql://user@host/db")           PostgreSQL (tsvector full-text search)
"""

from __future__ import annotations

from communique.errors import StoreError
from communique.store.base import (
    ActorProfile,
    ActorRow,
    Failure,
    SearchFilters,
    SearchHit,
    Store,
    WriteResult,
)

__all__ = [
    "ActorProfile", "ActorRow", "Failure", "SearchFilters", "SearchHit", "Store", "WriteResult",
    "open_store",
]


def open_store(url: str) -> Store:
    """Open (creating and migrating as needed) the store at `url`: a path or a database URL."""
    if url.startswith(("postgresql", "postgres://")):
        from communique.store.postgres import PostgresStore

        return PostgresStore(url)
    if url.startswith("sqlite:///"):
        url = url[len("sqlite:///"):]
    elif url in ("sqlite://", "sqlite:///:memory:"):
        url = ":memory:"
    elif "://" in url:
        raise StoreError(f"unsupported store URL {url!r}: use a file path or postgresql://...")
    from communique.store.sqlite import SQLiteStore

    return SQLiteStore(url)
