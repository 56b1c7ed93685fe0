"""The store's tables, as SQLAlchemy Core metadata shared by every backend.

The full record is kept as JSON on `documents` (what `show` and the record export give back); the
parts that queries filter and join on are also kept as rows: entities (each pointing at its
cross-document actor), events, participants and statements.  Local ids (`e1`, `v1`) stay
local: every child row is keyed by its document id first.

Full-text search is not here: it is dialect-specific (an FTS5 table on SQLite, a generated
tsvector column on PostgreSQL) and is created by a migration.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("applied_at", String(40), nullable=False),
)

documents = Table(
    "documents", metadata,
    Column("id", String(40), primary_key=True),  # Record.id: content hash of the cleaned text
    # Insertion order: actors are resolved in this order, which keeps their ids reproducible.
    Column("seq", Integer, nullable=False),
    Column("origin", Text),
    Column("title", Text),
    Column("published", String(10)),
    Column("source_name", String(200)),
    Column("source_url", Text),
    Column("language", String(8)),
    Column("text", Text, nullable=False),
    Column("extractor", String(40)),
    Column("record", Text, nullable=False),  # Record.to_dict() without "text", as JSON
    Column("ingested_at", String(40), nullable=False),
)
Index("ix_documents_published", documents.c.published)
Index("ix_documents_source", documents.c.source_name)
Index("ix_documents_seq", documents.c.seq)

actors = Table(
    "actors", metadata,
    Column("id", String(40), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("name", Text, nullable=False),
    Column("country", String(2)),
    Column("aliases", Text, nullable=False, default="[]"),  # JSON list of surface forms
)
Index("ix_actors_name", actors.c.name)

entities = Table(
    "entities", metadata,
    Column("doc_id", String(40), primary_key=True),
    Column("local_id", String(20), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("name", Text, nullable=False),
    Column("country", String(2)),
    Column("aliases", Text, nullable=False, default="[]"),  # JSON
    Column("roles", Text, nullable=False, default="[]"),  # JSON list of Role dicts
    Column("actor_id", String(40)),
)
Index("ix_entities_actor", entities.c.actor_id)
Index("ix_entities_country", entities.c.country)

events = Table(
    "events", metadata,
    Column("doc_id", String(40), primary_key=True),
    Column("local_id", String(20), primary_key=True),
    Column("type", String(20), nullable=False),
    Column("plover", String(20), nullable=False),
    Column("name", Text),
    Column("status", String(10)),
    Column("date", String(10)),
    Column("location_name", Text),
    Column("location_country", String(2)),
    Column("topics", Text, nullable=False, default="[]"),  # JSON
)
Index("ix_events_type", events.c.type)
Index("ix_events_date", events.c.date)

participants = Table(
    "participants", metadata,
    Column("doc_id", String(40), primary_key=True),
    Column("event_id", String(20), primary_key=True),
    Column("entity_id", String(20), primary_key=True),
    Column("role", String(20), primary_key=True),
)

statements = Table(
    "statements", metadata,
    Column("doc_id", String(40), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("speaker", String(20)),
    Column("verb", String(60)),
    Column("content", Text, nullable=False),
    Column("direct", Boolean, nullable=False, default=False),
)

failures = Table(
    "failures", metadata,
    Column("origin", String(1000), primary_key=True),
    Column("reason", Text, nullable=False),
    Column("failed_at", String(40), nullable=False),
)

# A person's corrections to actor resolution, replayed on every (re)resolution so that they
# survive re-ingest: op "merge" (actor = kept, other = absorbed) or "split" (actor = the one
# split, selector "name:<normalised name>" or "doc:<document id>", other = the new actor).
actor_corrections = Table(
    "actor_corrections", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("op", String(10), nullable=False),
    Column("actor", String(40), nullable=False),
    Column("other", String(40), nullable=False),
    Column("selector", Text),
    Column("created_at", String(40), nullable=False),
)

# Tables whose rows hang off one document, deleted and rewritten when it is re-extracted.
DOCUMENT_CHILDREN = (entities, events, participants, statements)
