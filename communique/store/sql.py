"""The one SQLAlchemy Core implementation of `Store`; backends override connection and FTS."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    and_,
    bindparam,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from communique.errors import InputError, StoreError
from communique.records import Record
from communique.resolve import ActorState, Correction, EntityView, Resolver
from communique.resolve.names import fold
from communique.store import migrations
from communique.store import schema as s
from communique.store.base import (
    ActorProfile,
    ActorRow,
    Failure,
    SearchFilters,
    SearchHit,
    Store,
    WriteResult,
)

CHUNK = 500  # documents per query when streaming exports

# Inserts one table's rows (all with the same keys) inside the caller's transaction.
RowLoader = Callable[[Connection, Any, list[dict[str, Any]]], None]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


class SQLStore(Store):
    """Shared implementation; subclasses provide `_fts_*` for their full-text engine."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        try:
            migrations.migrate(engine)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open the store at {url}: {exc}") from exc
        self._resolver: Resolver | None = None

    # -- full-text hooks ----------------------------------------------------------------------
    def _fts_write(self, conn: Connection, records: list[Record]) -> None:
        """Index documents (PostgreSQL's generated column needs nothing)."""

    def _fts_delete(self, conn: Connection, doc_ids: list[str]) -> None:
        """Drop documents from the index before they are rewritten."""

    def _fts_select(self, query: str, limit: int) -> Select:
        raise NotImplementedError

    # -- ingest -------------------------------------------------------------------------------
    def extractor_versions(self, ids: Iterable[str]) -> dict[str, str | None]:
        ids = list(ids)
        out: dict[str, str | None] = {}
        with self._connect() as conn:
            for chunk in _chunks(ids, CHUNK):
                q = select(s.documents.c.id, s.documents.c.extractor).where(s.documents.c.id.in_(chunk))
                out.update({row.id: row.extractor for row in conn.execute(q)})
        return out

    def write_batch(self, records: list[Record], failures: list[InputError]) -> WriteResult:
        return self._write(records, failures, _insert_many)

    def _write(self, records: list[Record], failures: list[InputError], load: RowLoader) -> WriteResult:
        """One transaction: the records (their rows inserted by `load`), failures, dirty actors.

        `load` is the only step a bulk path changes, so both paths store the same rows.
        """
        resolver = self.resolver()
        try:
            with self.engine.begin() as conn:
                self._write_records(conn, records, resolver, load)
                for err in failures:
                    self._write_failure(conn, err)
                self._write_actors(conn, resolver.take_dirty())
        except SQLAlchemyError as exc:
            self._resolver = None  # its state may include what was rolled back: reload next time
            raise StoreError(f"writing a batch to {self.url} failed: {exc}") from exc
        return WriteResult(written=len(records), failed=len(failures))

    def _write_records(self, conn: Connection, records: list[Record], resolver: Resolver,
                       load: RowLoader) -> None:
        records = list({r.id: r for r in records}.values())  # one row per id, the last one wins
        if not records:
            return
        ids = [r.id for r in records]
        old_seq = dict(conn.execute(
            select(s.documents.c.id, s.documents.c.seq).where(s.documents.c.id.in_(ids))
        ).all())
        next_seq = (conn.execute(select(func.max(s.documents.c.seq))).scalar() or 0) + 1
        self._delete_documents(conn, ids)
        rows: dict[Any, list[dict[str, Any]]] = {t: [] for t in (s.documents, *s.DOCUMENT_CHILDREN)}
        for rec in records:
            seq = old_seq.get(rec.id)
            if seq is None:
                seq, next_seq = next_seq, next_seq + 1
            rows[s.documents].append(_document_row(rec, seq))
            for table, child_rows in self._child_rows(rec, resolver).items():
                rows[table].extend(child_rows)
        # One load per table for the whole batch, not one statement per row; documents first.
        for table, table_rows in rows.items():
            if table_rows:
                load(conn, table, table_rows)
        self._fts_write(conn, records)
        # They read now: forget earlier failures of the same inputs.
        origins = [r.origin for r in records if r.origin]
        for chunk in _chunks(origins, CHUNK):
            conn.execute(delete(s.failures).where(s.failures.c.origin.in_(chunk)))

    def _delete_documents(self, conn: Connection, ids: list[str]) -> None:
        self._fts_delete(conn, ids)
        for table in (*s.DOCUMENT_CHILDREN, s.documents):
            col = table.c.id if table is s.documents else table.c.doc_id
            conn.execute(delete(table).where(col.in_(ids)))

    @staticmethod
    def _child_rows(rec: Record, resolver: Resolver) -> dict[Any, list[dict[str, Any]]]:
        ent_rows = []
        # The order `rebuild_actors` reads them back in, so both give the same actors.
        for ent in sorted(rec.entities, key=lambda x: (len(x.id), x.id)):
            view = _entity_view(rec.id, ent.id, ent.kind, ent.name, ent.aliases, ent.country,
                                [vars(r) for r in ent.roles])
            ent_rows.append({
                "doc_id": rec.id, "local_id": ent.id, "kind": ent.kind, "name": ent.name,
                "country": ent.country, "aliases": json.dumps(ent.aliases),
                "roles": json.dumps(view.roles), "actor_id": resolver.resolve(view),
            })
        parts = {(rec.id, ev.id, p.entity, p.role) for ev in rec.events for p in ev.participants}
        return {
            s.entities: ent_rows,
            s.events: [_event_row(rec.id, ev) for ev in rec.events],
            s.participants: [{"doc_id": d, "event_id": e, "entity_id": n, "role": r}
                             for d, e, n, r in sorted(parts)],
            s.statements: [{"doc_id": rec.id, "idx": i, "speaker": st.speaker, "verb": st.verb,
                            "content": st.content, "direct": bool(st.direct)}
                           for i, st in enumerate(rec.statements)],
        }

    def _write_failure(self, conn: Connection, err: InputError) -> None:
        conn.execute(delete(s.failures).where(s.failures.c.origin == err.origin))
        conn.execute(insert(s.failures).values(origin=err.origin, reason=err.reason, failed_at=_now()))

    def _write_actors(self, conn: Connection, actors: list[ActorState]) -> None:
        for chunk in _chunks(actors, CHUNK):
            conn.execute(delete(s.actors).where(s.actors.c.id.in_([a.id for a in chunk])))
            _insert_many(conn, s.actors, [
                {"id": a.id, "kind": a.kind, "name": a.name, "country": a.country,
                 "aliases": json.dumps(a.aliases)}
                for a in chunk
            ])

    def finish_ingest(self, reprocessed: bool) -> None:
        # Re-extraction replaced entities; resolving everything again drops the names the old
        # extraction taught the resolver and the actors nothing points at any more.
        if reprocessed:
            self.rebuild_actors()

    def failures(self) -> list[Failure]:
        with self._connect() as conn:
            rows = conn.execute(select(s.failures).order_by(s.failures.c.failed_at, s.failures.c.origin))
            return [Failure(r.origin, r.reason, r.failed_at) for r in rows]

    # -- actors -------------------------------------------------------------------------------
    def resolver(self) -> Resolver:
        """The resolver with the store's corrections and every stored entity learnt, cached."""
        if self._resolver is None:
            with self._connect() as conn:
                resolver = Resolver(self._corrections(conn))
                for aid, view in self._entity_views(conn):
                    if aid:
                        resolver.learn(aid, view)
                resolver.dirty.clear()
            self._resolver = resolver
        return self._resolver

    def _corrections(self, conn: Connection) -> list[Correction]:
        rows = conn.execute(select(s.actor_corrections).order_by(s.actor_corrections.c.seq))
        return [Correction(r.op, r.actor, r.other, r.selector) for r in rows]

    def _entity_views(self, conn: Connection,
                      actor_ids: list[str] | None = None) -> Iterator[tuple[str | None, EntityView]]:
        e = s.entities
        q = (select(e, s.documents.c.seq).join(s.documents, s.documents.c.id == e.c.doc_id)
             .order_by(s.documents.c.seq, func.length(e.c.local_id), e.c.local_id))
        if actor_ids is not None:
            q = q.where(e.c.actor_id.in_(actor_ids))
        for r in conn.execute(q):
            yield r.actor_id, _entity_view(r.doc_id, r.local_id, r.kind, r.name,
                                           json.loads(r.aliases), r.country, json.loads(r.roles))

    def rebuild_actors(self) -> int:
        try:
            with self.engine.begin() as conn:
                resolver = Resolver(self._corrections(conn))
                changes: list[dict[str, str]] = []
                for old, view in list(self._entity_views(conn)):
                    new = resolver.resolve(view)
                    if new != old:
                        changes.append({"d": view.doc_id, "l": view.local_id, "a": new})
                self._apply_actor_changes(conn, changes)
                conn.execute(delete(s.actors))
                self._write_actors(conn, resolver.take_dirty())
        except SQLAlchemyError as exc:
            raise StoreError(f"re-resolving actors in {self.url} failed: {exc}") from exc
        self._resolver = None
        return len(resolver.actors)

    @staticmethod
    def _apply_actor_changes(conn: Connection, changes: list[dict[str, str]]) -> None:
        if not changes:
            return
        stmt = (update(s.entities)
                .where(and_(s.entities.c.doc_id == bindparam("d"), s.entities.c.local_id == bindparam("l")))
                .values(actor_id=bindparam("a")))
        for chunk in _chunks(changes, CHUNK):
            conn.execute(stmt, chunk)

    def _actor_or_fail(self, conn: Connection, ref: str) -> str:
        """An actor id from an id or an unambiguous name."""
        if conn.execute(select(s.actors.c.id).where(s.actors.c.id == ref)).first():
            return ref
        ids = [a.id for a in self.find_actors(ref)]
        if len(ids) == 1:
            return ids[0]
        if not ids:
            raise StoreError(f"no actor {ref!r}")
        raise StoreError(f"{ref!r} is ambiguous: {', '.join(ids[:10])}; use an id")

    def merge_actors(self, keep: str, other: str) -> ActorRow:
        with self._connect() as conn:
            keep_id, other_id = self._actor_or_fail(conn, keep), self._actor_or_fail(conn, other)
        if keep_id == other_id:
            raise StoreError(f"{keep} and {other} are already one actor ({keep_id})")
        self._add_correction("merge", keep_id, other_id, None)
        return self._actor_row(keep_id)

    def split_actor(self, actor: str, *, name: str | None = None, doc: str | None = None) -> ActorRow:
        if bool(name) == bool(doc):
            raise StoreError("split takes exactly one of a name or a document")
        with self._connect() as conn:
            aid = self._actor_or_fail(conn, actor)
            e = s.entities
            q = select(e.c.doc_id, e.c.name).where(e.c.actor_id == aid)
            if doc:
                q = q.where(e.c.doc_id.like(f"{doc}%"))
            rows = conn.execute(q).all()
        if name:
            target = fold(name)
            if not any(fold(r.name) == target for r in rows):
                raise StoreError(f"actor {aid} has no entity named {name!r}")
            selectors = [f"name:{target}"]
        else:
            if not rows:
                raise StoreError(f"actor {aid} has no entity in document {doc!r}")
            selectors = [f"doc:{r.doc_id}:{fold(r.name)}" for r in rows]
        new_id = f"{aid}/{len(self._corrections_of(aid)) + 1}"
        for sel in selectors:
            self._add_correction("split", aid, new_id, sel)
        return self._actor_row(new_id)

    def _corrections_of(self, aid: str) -> list[Correction]:
        with self._connect() as conn:
            return [c for c in self._corrections(conn) if c.actor == aid and c.op == "split"]

    def _add_correction(self, op: str, actor: str, other: str, selector: str | None) -> None:
        """Store a correction and apply it to the stored entities now.

        Applied in place (only the entities it names move) rather than by re-resolving the whole
        store, which takes a minute on 3,000 releases; every later rebuild replays it.
        """
        corr = Correction(op, actor, other, selector)
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(s.actor_corrections).values(
                    op=op, actor=actor, other=other, selector=selector, created_at=_now()))
                self._apply_correction(conn, corr)
        except SQLAlchemyError as exc:
            raise StoreError(f"storing the correction failed: {exc}") from exc
        self._resolver = None  # its cached state predates the correction

    def _apply_correction(self, conn: Connection, corr: Correction) -> None:
        e = s.entities
        if corr.op == "merge":
            conn.execute(update(e).where(e.c.actor_id == corr.other).values(actor_id=corr.actor))
        else:
            kind, _, rest = (corr.selector or "").partition(":")
            doc_id, _, name = rest.rpartition(":") if kind == "doc" else ("", "", rest)
            rows = conn.execute(select(e.c.doc_id, e.c.local_id, e.c.name)
                                .where(e.c.actor_id == corr.actor)).all()
            moved = [r for r in rows if fold(r.name) == name and (not doc_id or r.doc_id == doc_id)]
            self._apply_actor_changes(conn, [{"d": r.doc_id, "l": r.local_id, "a": corr.other}
                                             for r in moved])
        self._refresh_actors(conn, [corr.actor, corr.other])

    def _refresh_actors(self, conn: Connection, ids: list[str]) -> None:
        """Rewrite the rows of `ids` from the entities that now point at them."""
        resolver = Resolver()
        for aid, view in list(self._entity_views(conn, actor_ids=ids)):
            resolver.learn(aid or "", view)
        conn.execute(delete(s.actors).where(s.actors.c.id.in_(ids)))
        self._write_actors(conn, resolver.take_dirty())

    # -- queries ------------------------------------------------------------------------------
    def search(self, query: str, filters: SearchFilters | None = None, limit: int = 20) -> list[SearchHit]:
        filters = filters or SearchFilters()
        d = s.documents
        if query.strip():
            q = self._fts_select(query, limit)
        else:
            q = select(d.c.id, d.c.title, d.c.published, d.c.source_name,
                       func.substr(d.c.text, 1, 200).label("snippet"), literal(0.0).label("score")
                       ).order_by(d.c.published.desc(), d.c.seq)
        conds = self._filter_conditions(filters)
        if conds is None:
            return []
        q = q.where(*conds).limit(limit)
        try:
            with self._connect() as conn:
                rows = conn.execute(q).all()
        except SQLAlchemyError as exc:
            raise StoreError(f"search failed: {exc}") from exc
        return [SearchHit(r.id, r.title, r.published, r.source_name, " ".join((r.snippet or "").split()),
                          float(r.score or 0)) for r in rows]

    def _filter_conditions(self, f: SearchFilters) -> list[ColumnElement[bool]] | None:
        """WHERE conditions for the filters; None when a filter can match nothing."""
        d, e, v = s.documents, s.entities, s.events
        conds: list[ColumnElement[bool]] = []
        if f.date_from:
            conds.append(d.c.published >= f.date_from)
        if f.date_to:
            conds.append(d.c.published <= f.date_to)
        if f.source:
            conds.append(d.c.source_name.ilike(f"%{f.source}%"))
        if f.event_type:
            conds.append(exists().where(v.c.doc_id == d.c.id, v.c.type == f.event_type))
        if f.actor:
            ids = self._find_actor_ids(f.actor) or self.resolver().find(f.actor)
            if not ids:
                return None
            conds.append(exists().where(e.c.doc_id == d.c.id, e.c.actor_id.in_(ids)))
        if f.country:
            code = country_code(f.country)
            if code is None:
                raise StoreError(f"unknown country {f.country!r}")
            conds.append(exists().where(e.c.doc_id == d.c.id, e.c.country == code))
        return conds

    def get_record(self, ref: str) -> tuple[Record, dict[str, str | None]]:
        d = s.documents
        with self._connect() as conn:
            rows = conn.execute(select(d.c.id, d.c.record, d.c.text).where(
                or_(d.c.id == ref, d.c.id.like(f"{ref}%"), d.c.id.like(f"sha256:{ref}%"), d.c.origin == ref)
            ).limit(3)).all()
            if not rows:
                raise StoreError(f"no document {ref!r} in the store")
            if len(rows) > 1:
                raise StoreError(f"{ref!r} matches several documents: {', '.join(r.id for r in rows)}")
            actors = dict(conn.execute(select(s.entities.c.local_id, s.entities.c.actor_id)
                                       .where(s.entities.c.doc_id == rows[0].id)).all())
        return _record_of(rows[0].record, rows[0].text), actors

    def find_actors(self, name: str) -> list[ActorRow]:
        # An id or a name/alias as stored is one indexed query; only other spellings need the
        # resolver, whose state is every stored entity (a second or two on a large store).
        ids = self._find_actor_ids(name) or self.resolver().find(name)
        return [row for aid in ids if (row := self._actor_row(aid, missing_ok=True))]

    def _find_actor_ids(self, name: str) -> list[str]:
        a = s.actors
        quoted = json.dumps(name, ensure_ascii=False)
        with self._connect() as conn:
            if conn.execute(select(a.c.id).where(a.c.id == name)).first():
                return [name]
            q = select(a.c.id).where(or_(func.lower(a.c.name) == name.lower(),
                                         a.c.aliases.ilike(f"%{quoted}%"))).order_by(a.c.id)
            return list(conn.execute(q).scalars())

    def _actor_row(self, aid: str, missing_ok: bool = False) -> ActorRow | None:
        with self._connect() as conn:
            r = conn.execute(select(s.actors).where(s.actors.c.id == aid)).first()
            if r is None:
                if missing_ok:
                    return None
                raise StoreError(f"no actor {aid!r}")
            span = conn.execute(
                select(func.count(func.distinct(s.entities.c.doc_id)), func.min(s.documents.c.published),
                       func.max(s.documents.c.published))
                .join(s.documents, s.documents.c.id == s.entities.c.doc_id)
                .where(s.entities.c.actor_id == aid)
            ).one()
        return ActorRow(r.id, r.kind, r.name, r.country, json.loads(r.aliases), span[0], span[1], span[2])

    def actor_profile(self, actor_id: str) -> ActorProfile:
        actor = self._actor_row(actor_id)
        assert actor is not None
        with self._connect() as conn:
            roles = self._roles(conn, actor_id)
            events = self._timeline(conn, actor_id)
            statements = self._statements_of(conn, actor_id)
            counterparts = self._counterparts(conn, actor_id, events)
        return ActorProfile(actor, roles, events, statements, counterparts)

    def _roles(self, conn: Connection, aid: str) -> list[dict[str, Any]]:
        q = (select(s.entities.c.roles, s.documents.c.published)
             .join(s.documents, s.documents.c.id == s.entities.c.doc_id).where(s.entities.c.actor_id == aid))
        seen: dict[tuple[str, str | None, bool], dict[str, Any]] = {}
        for roles_json, published in conn.execute(q):
            for role in json.loads(roles_json):
                key = (role.get("title") or "", role.get("country"), bool(role.get("current", True)))
                row = seen.setdefault(key, {"title": key[0], "country": key[1], "current": key[2],
                                            "first": published, "last": published, "documents": 0})
                row["documents"] += 1
                if published and (not row["first"] or published < row["first"]):
                    row["first"] = published
                if published and (not row["last"] or published > row["last"]):
                    row["last"] = published
        return sorted(seen.values(), key=lambda r: (r["first"] or "", r["title"]))

    def _timeline(self, conn: Connection, aid: str) -> list[dict[str, Any]]:
        p, e, v, d = s.participants, s.entities, s.events, s.documents
        when = func.coalesce(v.c.date, d.c.published)
        q = (select(v, p.c.role, d.c.published, d.c.title.label("doc_title"), when.label("when"))
             .join(p, and_(p.c.doc_id == v.c.doc_id, p.c.event_id == v.c.local_id))
             .join(e, and_(e.c.doc_id == p.c.doc_id, e.c.local_id == p.c.entity_id))
             .join(d, d.c.id == v.c.doc_id)
             .where(e.c.actor_id == aid).order_by(when, d.c.seq, v.c.local_id))
        out: dict[tuple[str, str], dict[str, Any]] = {}
        for r in conn.execute(q):
            row = out.setdefault((r.doc_id, r.local_id), {
                "date": r.when, "doc_id": r.doc_id, "event_id": r.local_id, "type": r.type,
                "plover": r.plover, "name": r.name, "status": r.status, "location": r.location_name,
                "title": r.doc_title, "roles": [],
            })
            row["roles"].append(r.role)
        return list(out.values())

    def _statements_of(self, conn: Connection, aid: str) -> list[dict[str, Any]]:
        st, e, d = s.statements, s.entities, s.documents
        q = (select(st, d.c.published).join(e, and_(e.c.doc_id == st.c.doc_id, e.c.local_id == st.c.speaker))
             .join(d, d.c.id == st.c.doc_id).where(e.c.actor_id == aid)
             .order_by(d.c.published, d.c.seq, st.c.idx))
        return [{"date": r.published, "doc_id": r.doc_id, "verb": r.verb, "content": r.content,
                 "direct": bool(r.direct)} for r in conn.execute(q)]

    def _counterparts(self, conn: Connection, aid: str, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        p, e = s.participants, s.entities
        keys = {(ev["doc_id"], ev["event_id"]) for ev in events}
        counts: Counter[str] = Counter()
        for chunk in _chunks(sorted({k[0] for k in keys}), CHUNK):
            q = (select(p.c.doc_id, p.c.event_id, e.c.actor_id)
                 .join(e, and_(e.c.doc_id == p.c.doc_id, e.c.local_id == p.c.entity_id))
                 .where(p.c.doc_id.in_(chunk)))
            pairs = {(r.doc_id, r.event_id, r.actor_id) for r in conn.execute(q)
                     if (r.doc_id, r.event_id) in keys and r.actor_id and r.actor_id != aid}
            counts.update(a for _, _, a in pairs)
        rows = []
        for other, n in counts.most_common(10):
            row = self._actor_row(other, missing_ok=True)
            if row:
                rows.append({"actor_id": other, "name": row.name, "kind": row.kind,
                             "country": row.country, "events": n})
        return rows

    def stats(self) -> dict[str, Any]:
        d = s.documents
        with self._connect() as conn:
            def count(table: Any) -> int:
                return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)

            def grouped(col: Any) -> dict[str, int]:
                rows = conn.execute(select(col, func.count()).group_by(col).order_by(func.count().desc()))
                return {str(k): int(n) for k, n in rows}

            first, last = conn.execute(select(func.min(d.c.published), func.max(d.c.published))).one()
            return {
                "documents": count(d), "entities": count(s.entities), "actors": count(s.actors),
                "events": count(s.events), "statements": count(s.statements),
                "failures": count(s.failures), "published_from": first, "published_to": last,
                "extractor_versions": grouped(d.c.extractor), "sources": grouped(d.c.source_name),
                "event_types": grouped(s.events.c.type), "actor_kinds": grouped(s.actors.c.kind),
                "schema_version": migrations.current_version(conn),
            }

    # -- exports ------------------------------------------------------------------------------
    def iter_records(self) -> Iterator[tuple[Record, dict[str, ActorRow]]]:
        d = s.documents
        with self._connect() as conn:
            ids = list(conn.execute(select(d.c.id).order_by(d.c.seq)).scalars())
            actors = {a.id: a for a in self._all_actors(conn)}
            for chunk in _chunks(ids, CHUNK):
                rows = conn.execute(select(d.c.id, d.c.record, d.c.text).where(d.c.id.in_(chunk))).all()
                links: dict[str, dict[str, ActorRow]] = {i: {} for i in chunk}
                e = s.entities
                for r in conn.execute(select(e.c.doc_id, e.c.local_id, e.c.actor_id)
                                      .where(e.c.doc_id.in_(chunk))):
                    if r.actor_id in actors:
                        links[r.doc_id][r.local_id] = actors[r.actor_id]
                by_id = {r.id: r for r in rows}
                for doc_id in chunk:
                    yield _record_of(by_id[doc_id].record, by_id[doc_id].text), links[doc_id]

    def iter_actors(self) -> Iterator[ActorRow]:
        with self._connect() as conn:
            yield from self._all_actors(conn)

    def _all_actors(self, conn: Connection) -> list[ActorRow]:
        e, d = s.entities, s.documents
        span = {r.actor_id: r for r in conn.execute(
            select(e.c.actor_id, func.count(func.distinct(e.c.doc_id)).label("n"),
                   func.min(d.c.published).label("first"), func.max(d.c.published).label("last"))
            .join(d, d.c.id == e.c.doc_id).group_by(e.c.actor_id))}
        out = []
        for r in conn.execute(select(s.actors).order_by(s.actors.c.id)):
            sp = span.get(r.id)
            out.append(ActorRow(r.id, r.kind, r.name, r.country, json.loads(r.aliases),
                                sp.n if sp else 0, sp.first if sp else None, sp.last if sp else None))
        return out

    # -- plumbing -----------------------------------------------------------------------------
    def _connect(self) -> Connection:
        try:
            return self.engine.connect()
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot connect to {self.url}: {exc}") from exc

    def close(self) -> None:
        self.engine.dispose()


def _insert_many(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(table), rows)


def _entity_view(doc_id: str, local_id: str, kind: str, name: str, aliases: list[str],
                 country: str | None, roles: list[dict[str, Any]]) -> EntityView:
    return EntityView(doc_id=doc_id, local_id=local_id, kind=kind, name=name, aliases=list(aliases),
                      country=country, roles=roles)


def _document_row(rec: Record, seq: int) -> dict[str, Any]:
    body = rec.to_dict()
    body.pop("text")
    return {
        "id": rec.id, "seq": seq, "origin": rec.origin, "title": rec.title, "published": rec.published,
        "source_name": rec.source.name, "source_url": rec.source.url, "language": rec.language,
        "text": rec.text, "extractor": rec.extractor, "record": json.dumps(body, ensure_ascii=False),
        "ingested_at": _now(),
    }


def _event_row(doc_id: str, ev: Any) -> dict[str, Any]:
    return {
        "doc_id": doc_id, "local_id": ev.id, "type": ev.type, "plover": ev.plover, "name": ev.name,
        "status": ev.status, "date": ev.date,
        "location_name": ev.location.name if ev.location else None,
        "location_country": ev.location.country if ev.location else None,
        "topics": json.dumps(ev.topics, ensure_ascii=False),
    }


def _record_of(record_json: str, text: str) -> Record:
    data = json.loads(record_json)
    data["text"] = text
    return Record.from_dict(data)


def country_code(value: str) -> str | None:
    """ISO alpha-2 code for a code or a country name ("KZ", "kz", "Kazakhstan")."""
    if len(value) == 2 and value.isalpha():
        return value.upper()
    try:
        import pycountry

        return pycountry.countries.lookup(value).alpha_2
    except (ImportError, LookupError):
        return None
