"""The `Store` interface every backend implements, and the plain values it returns.

Backends differ only in their connection setup and their full-text search; everything else is
one SQLAlchemy Core implementation (`communique.store.sql.SQLStore`).  `open_store(url)` picks
the backend from the URL: a bare path or `sqlite:///...` is SQLite, `postgresql://...` is
PostgreSQL.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from communique.errors import InputError
from communique.records import Record


@dataclass
class SearchFilters:
    date_from: str | None = None  # YYYY-MM-DD, inclusive, on the publication date
    date_to: str | None = None
    source: str | None = None  # substring of the source name, case-insensitive
    event_type: str | None = None
    actor: str | None = None  # an actor id or a name
    country: str | None = None  # ISO alpha-2 code or a country name


@dataclass
class SearchHit:
    doc_id: str
    title: str | None
    published: str | None
    source: str | None
    snippet: str
    score: float


@dataclass
class Failure:
    origin: str
    reason: str
    failed_at: str


@dataclass
class ActorRow:
    id: str
    kind: str
    name: str
    country: str | None
    aliases: list[str] = field(default_factory=list)
    documents: int = 0
    first_seen: str | None = None
    last_seen: str | None = None


@dataclass
class ActorProfile:
    actor: ActorRow
    roles: list[dict[str, Any]]  # {title, country, current, first, last, documents}
    events: list[dict[str, Any]]  # in date order: {date, doc_id, event_id, type, role, ...}
    statements: list[dict[str, Any]]
    counterparts: list[dict[str, Any]]  # {actor_id, name, kind, country, events}


@dataclass
class WriteResult:
    written: int = 0
    failed: int = 0


class Store(ABC):
    """A knowledge store: documents and their records, actors, failures, full-text search."""

    url: str

    # -- ingest -------------------------------------------------------------------------------
    @abstractmethod
    def extractor_versions(self, ids: Iterable[str]) -> dict[str, str | None]:
        """For each of `ids` already stored, the extractor version its record was made with."""

    @abstractmethod
    def write_batch(self, records: list[Record], failures: list[InputError]) -> WriteResult:
        """Store records (replacing earlier versions) and failures in one transaction."""

    @abstractmethod
    def finish_ingest(self, reprocessed: bool) -> None:
        """Housekeeping after an ingest run (re-resolving actors after re-extraction)."""

    @abstractmethod
    def failures(self) -> list[Failure]: ...

    # -- queries ------------------------------------------------------------------------------
    @abstractmethod
    def search(self, query: str, filters: SearchFilters | None = None,
               limit: int = 20) -> list[SearchHit]: ...

    @abstractmethod
    def get_record(self, ref: str) -> tuple[Record, dict[str, str | None]]:
        """The record whose id (or unique id prefix, or origin) is `ref`, and entity -> actor."""

    @abstractmethod
    def find_actors(self, name: str) -> list[ActorRow]: ...

    @abstractmethod
    def actor_profile(self, actor_id: str) -> ActorProfile: ...

    @abstractmethod
    def stats(self) -> dict[str, Any]: ...

    # -- corrections --------------------------------------------------------------------------
    @abstractmethod
    def merge_actors(self, keep: str, other: str) -> ActorRow: ...

    @abstractmethod
    def split_actor(self, actor: str, *, name: str | None = None,
                    doc: str | None = None) -> ActorRow: ...

    @abstractmethod
    def rebuild_actors(self) -> int:
        """Resolve every stored entity again from scratch (with the corrections); actor count."""

    # -- exports ------------------------------------------------------------------------------
    @abstractmethod
    def iter_records(self) -> Iterator[tuple[Record, dict[str, ActorRow]]]:
        """Every record in ingest order, with its entities' actors (local entity id -> actor)."""

    @abstractmethod
    def iter_actors(self) -> Iterator[ActorRow]: ...

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
