"""Read-only queries for the web app, written over the store's schema (`communique.store.schema`).

Every function takes a SQLAlchemy `Connection` and returns plain JSON-ready data: the API serves
it as is and the HTML pages render it.  Nothing here writes.  Full-text search is the only
dialect-specific part (FTS5 on SQLite, a tsvector column on PostgreSQL, both made by the store's
migrations); everything else is portable Core.
"""

from __future__ import annotations

import heapq
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import chain
from typing import Any

from sqlalchemy import (
    Connection,
    Float,
    String,
    and_,
    bindparam,
    distinct,
    exists,
    func,
    literal,
    or_,
    select,
    text,
)
from sqlalchemy.sql import Select

from communique.store.schema import actors, documents, entities, events, participants, statements

# Snippet markers: control characters that cleaned text never contains, split out before rendering.
HIT_START, HIT_END = "\x02", "\x03"
FACET_SIZE = 12


class NotFound(LookupError):
    """The thing asked for is not in the store."""


@dataclass(frozen=True)
class SearchFilters:
    q: str = ""
    source: str | None = None
    event_type: str | None = None
    country: str | None = None
    actor: str | None = None
    date_from: str | None = None  # YYYY-MM-DD or YYYY-MM, compared to `published`
    date_to: str | None = None


# -- helpers ----------------------------------------------------------------------------------


def _json(value: str | None, default: Any) -> Any:
    if not value:
        return default
    try:
        return json.loads(value)
    except ValueError:
        return default


def _json_list(value: str | None) -> list[Any]:
    if not value or value == "[]":
        return []
    out = _json(value, [])
    return out if isinstance(out, list) else []


def fts5_query(q: str) -> str | None:
    """A user's words as a safe FTS5 query: every term quoted (no operators, no column filters),
    "quoted phrases" kept as phrases, the last bare word a prefix.  None when nothing is left."""
    parts: list[str] = []
    for phrase, word in re.findall(r'"([^"]*)"|(\w+)', q):
        if phrase:
            words = re.findall(r"\w+", phrase)
            if words:
                parts.append('"' + " ".join(words) + '"')
        elif word:
            parts.append(f'"{word}"')
    if not parts:
        return None
    if parts[-1].count(" ") == 0 and re.match(r'"\w+"$', parts[-1]) and not q.rstrip().endswith('"'):
        parts[-1] += "*"
    return " ".join(parts)


def _upper_bound(date: str) -> str:
    """`2024-06` includes the whole month, `2024` the whole year."""
    return date + "\uffff"


def split_snippet(snippet: str | None) -> tuple[str, list[list[int]]]:
    """Plain snippet text and the [start, end] of its hits (markers removed)."""
    if not snippet:
        return "", []
    out: list[str] = []
    marks: list[list[int]] = []
    pos = 0
    start = None
    for ch in snippet:
        if ch == HIT_START:
            start = pos
        elif ch == HIT_END:
            if start is not None:
                marks.append([start, pos])
            start = None
        else:
            out.append(ch)
            pos += 1
    return "".join(out), marks


def _lead(txt: str, n: int = 220) -> str:
    txt = " ".join(txt.split())
    return txt if len(txt) <= n else txt[:n].rsplit(" ", 1)[0] + " …"


# -- search -----------------------------------------------------------------------------------


def _matching(conn: Connection, f: SearchFilters) -> tuple[Select, Any]:
    """A select of the ids (and full-text rank) of documents that match the filters."""
    dialect = conn.dialect.name
    rank = literal(0.0).label("rank")
    stmt = select(documents.c.id.label("doc_id"))
    if f.q.strip():
        if dialect == "sqlite":
            fq = fts5_query(f.q)
            if fq is None:
                stmt = stmt.where(literal(False))
            else:
                fts = (
                    text(
                        "SELECT doc_id, bm25(documents_fts, 0.0, 8.0, 1.0) AS rank FROM documents_fts "
                        "WHERE documents_fts MATCH :fq"
                    )
                    .bindparams(bindparam("fq", fq))
                    .columns(doc_id=String, rank=Float)
                    .subquery("fts")
                )
                stmt = stmt.join(fts, fts.c.doc_id == documents.c.id)
                rank = fts.c.rank.label("rank")
        else:  # postgresql: the generated `tsv` column of migration 2
            tsq = func.websearch_to_tsquery("english", f.q)
            tsv = literal_column_tsv()
            stmt = stmt.where(tsv.op("@@")(tsq))
            rank = (-func.ts_rank(tsv, tsq)).label("rank")
    if f.source:
        stmt = stmt.where(documents.c.source_name == f.source)
    if f.date_from:
        stmt = stmt.where(documents.c.published >= f.date_from)
    if f.date_to:
        stmt = stmt.where(documents.c.published <= _upper_bound(f.date_to))
    if f.event_type:
        stmt = stmt.where(
            exists().where(and_(events.c.doc_id == documents.c.id, events.c.type == f.event_type))
        )
    if f.country:
        stmt = stmt.where(
            exists().where(
                and_(
                    entities.c.doc_id == documents.c.id,
                    entities.c.kind == "country",
                    entities.c.country == f.country.upper(),
                )
            )
        )
    if f.actor:
        stmt = stmt.where(
            exists().where(and_(entities.c.doc_id == documents.c.id, entities.c.actor_id == f.actor))
        )
    return stmt.add_columns(rank), rank


def literal_column_tsv():
    from sqlalchemy import literal_column

    return literal_column("documents.tsv")


class SearchIndex:
    """What faceting and ordering need of every document, held in memory (query-independent).

    Built once per state of the store (the app rebuilds it when the store changes): each
    document's seq, date, source, event types, countries and actors.  A search then computes its
    match set once in SQL and counts facets and orders results over it in Python, instead of
    five GROUP BY queries over the match set per request.  Exact counts, same as the SQL path.
    """

    def __init__(self, conn: Connection) -> None:
        self.docs: dict[str, tuple[int, str | None, str | None]] = {
            r.id: (r.seq, r.published, r.source_name)
            for r in conn.execute(
                select(documents.c.id, documents.c.seq, documents.c.published, documents.c.source_name)
            )
        }
        types: dict[str, set[str]] = defaultdict(set)
        for doc_id, typ in conn.execute(select(events.c.doc_id, events.c.type).distinct()):
            types[doc_id].add(typ)
        countries: dict[str, set[str]] = defaultdict(set)
        people: dict[str, set[str]] = defaultdict(set)
        for doc_id, kind, country, actor_id in conn.execute(
            select(entities.c.doc_id, entities.c.kind, entities.c.country, entities.c.actor_id).where(
                or_(
                    and_(entities.c.kind == "country", entities.c.country.is_not(None)),
                    and_(entities.c.kind.in_(["person", "organization"]), entities.c.actor_id.is_not(None)),
                )
            )
        ):
            if kind == "country":
                countries[doc_id].add(country)
            else:
                people[doc_id].add(actor_id)
        self.types = {k: tuple(v) for k, v in types.items()}
        self.countries = {k: tuple(v) for k, v in countries.items()}
        self.actors = {k: tuple(v) for k, v in people.items()}
        self.names: dict[str, str] = {
            r.id: r.name
            for r in conn.execute(
                select(actors.c.id, actors.c.name).where(actors.c.kind.in_(["person", "organization"]))
            )
        }
        self.all_facets: dict[str, list[dict[str, Any]]] | None = None
        self.all_order: list[str] | None = None

    def facets(self, conn: Connection, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """The same counts as `search_facets`, for the documents `ids`."""
        whole = len(ids) == len(self.docs)
        if whole and self.all_facets is not None:
            return self.all_facets
        docs, empty = self.docs, ()
        rows = [d for d in map(docs.get, ids) if d is not None]
        # Counter over chained tuples counts in C: a few ms for thousands of documents.
        src = Counter(d[2] for d in rows if d[2] is not None)
        mon = Counter(d[1][:7] for d in rows if d[1] is not None)
        typ = Counter(chain.from_iterable(self.types.get(i, empty) for i in ids))
        cty = Counter(chain.from_iterable(self.countries.get(i, empty) for i in ids))
        act = Counter(chain.from_iterable(self.actors.get(i, empty) for i in ids))

        def top(counts: dict[str, int], k: int) -> list[tuple[str, int]]:
            return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:k]

        # Actors: the most frequent first, ties by name (as in SQL).
        names = self.names
        top_actors = heapq.nsmallest(
            FACET_SIZE, ((a, n) for a, n in act.items() if a in names), key=lambda kv: (-kv[1], names[kv[0]])
        )
        out = {
            "source": [{"value": v, "label": v, "count": n} for v, n in top(src, FACET_SIZE)],
            "event_type": [{"value": v, "label": v, "count": n} for v, n in top(typ, FACET_SIZE + 4)],
            "country": [{"value": v, "label": v, "count": n} for v, n in top(cty, FACET_SIZE)],
            "actor": [{"value": a, "label": names[a], "count": n} for a, n in top_actors],
            "month": [{"value": v, "label": v, "count": n} for v, n in sorted(mon.items())],
        }
        if whole:
            self.all_facets = out
        return out

    def order(self, matches: list[tuple[str, float]], by_rank: bool) -> list[str]:
        """Ids in result order: by rank, then newest, then seq (a query); else newest first."""
        docs = self.docs
        known = [(i, r) for i, r in matches if i in docs]
        if by_rank:
            known.sort(key=lambda m: docs[m[0]][0])
            known.sort(key=lambda m: docs[m[0]][1] or "", reverse=True)
            known.sort(key=lambda m: m[1])
        else:
            known.sort(key=lambda m: (docs[m[0]][1] or "", docs[m[0]][0]), reverse=True)
        return [i for i, _ in known]


def search(
    conn: Connection,
    f: SearchFilters,
    *,
    page: int = 1,
    per_page: int = 20,
    facets: bool = True,
    index: SearchIndex | None = None,
) -> dict[str, Any]:
    """One page of documents matching `f`, with facet counts over all matches.

    With an `index` (see `SearchIndex`) the match set is computed once, in one query, and
    ordering and facets come from the index; without one, all of it is done in SQL.
    """
    if index is None:
        return _search_sql(conn, f, page=page, per_page=per_page, facets=facets)
    fts_rowids: dict[str, int] = {}
    if f == SearchFilters(q=f.q) and not f.q.strip():  # everything, newest first: no query needed
        if index.all_order is None:
            index.all_order = index.order([(i, 0.0) for i in index.docs], by_rank=False)
        ordered = index.all_order
    elif conn.dialect.name == "sqlite" and f == SearchFilters(q=f.q) and (fq := fts5_query(f.q)):
        # Words only: straight from the full-text index (no join), keeping each hit's FTS rowid so
        # that the page's snippets are looked up by rowid rather than by re-running the match.
        hits = conn.execute(
            text(
                "SELECT doc_id, bm25(documents_fts, 0.0, 8.0, 1.0), rowid FROM documents_fts "
                "WHERE documents_fts MATCH :fq"
            ).bindparams(bindparam("fq", fq))
        ).all()
        fts_rowids = {h[0]: h[2] for h in hits}
        ordered = index.order([(h[0], h[1]) for h in hits], by_rank=True)
    else:
        match, _ = _matching(conn, f)
        matches = [(r[0], r[1]) for r in conn.execute(match)]
        ordered = index.order(matches, by_rank=bool(f.q.strip()))
    total = len(ordered)
    page_ids = ordered[(page - 1) * per_page : page * per_page]
    rows = {}
    if page_ids:
        rows = {r.id: r for r in conn.execute(_hit_select().where(documents.c.id.in_(page_ids)))}
    result = _search_result(
        conn, f, [rows[i] for i in page_ids if i in rows], total, page, per_page, fts_rowids
    )
    if facets:
        result["facets"] = index.facets(conn, ordered)
    return result


def _hit_select() -> Select:
    """What a result row shows of a document (`_search_result` reads these columns)."""
    return select(
        documents.c.id,
        documents.c.title,
        documents.c.published,
        documents.c.source_name,
        documents.c.source_url,
        func.substr(documents.c.text, 1, 400).label("head"),
    )


def _search_result(
    conn: Connection,
    f: SearchFilters,
    rows,
    total: int,
    page: int,
    per_page: int,
    fts_rowids: dict[str, int] | None = None,
):
    snippets = _snippets(conn, f.q, [r.id for r in rows], fts_rowids) if f.q.strip() and rows else {}
    items = []
    for r in rows:
        snip, marks = snippets.get(r.id) or (_lead(r.head), [])
        items.append(
            {
                "id": r.id,
                "title": r.title,
                "published": r.published,
                "source": r.source_name,
                "url": r.source_url,
                "snippet": snip,
                "snippet_marks": marks,
            }
        )
    return {
        "query": f.q,
        "filters": _filters_dict(f),
        "total": total,
        "page": page,
        "per_page": per_page,
        "pages": max(1, -(-total // per_page)),
        "items": items,
    }


def _search_sql(
    conn: Connection, f: SearchFilters, *, page: int = 1, per_page: int = 20, facets: bool = True
) -> dict[str, Any]:
    match, _ = _matching(conn, f)
    m = match.subquery("m")
    total = conn.execute(select(func.count()).select_from(m)).scalar_one()
    order = (
        [m.c.rank, documents.c.published.desc(), documents.c.seq]
        if f.q.strip()
        else [
            documents.c.published.desc().nulls_last()
            if conn.dialect.name == "postgresql"
            else documents.c.published.desc(),
            documents.c.seq.desc(),
        ]
    )
    rows = conn.execute(
        _hit_select()
        .join(m, m.c.doc_id == documents.c.id)
        .order_by(*order)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    result = _search_result(conn, f, rows, total, page, per_page)
    if facets:
        result["facets"] = search_facets(conn, m)
    return result


def _filters_dict(f: SearchFilters) -> dict[str, str | None]:
    return {
        "source": f.source,
        "event_type": f.event_type,
        "country": f.country,
        "actor": f.actor,
        "date_from": f.date_from,
        "date_to": f.date_to,
    }


def _snippets(
    conn: Connection, q: str, ids: list[str], fts_rowids: dict[str, int] | None = None
) -> dict[str, tuple[str, list[list[int]]]]:
    if conn.dialect.name == "sqlite":
        fq = fts5_query(q)
        if fq is None:
            return {}
        if fts_rowids and all(i in fts_rowids for i in ids):
            # One FTS row each, found by rowid: cheaper than the whole match filtered by doc_id.
            one = text(
                "SELECT doc_id, snippet(documents_fts, 2, char(2), char(3), ' … ', 28) AS snip "
                "FROM documents_fts WHERE documents_fts MATCH :fq AND rowid = :rowid"
            )
            found = [conn.execute(one, {"fq": fq, "rowid": fts_rowids[i]}).first() for i in ids]
            return _split_snippets(r for r in found if r is not None)
        stmt = text(
            "SELECT doc_id, snippet(documents_fts, 2, char(2), char(3), ' … ', 28) AS snip "
            "FROM documents_fts WHERE documents_fts MATCH :fq AND doc_id IN :ids"
        ).bindparams(bindparam("fq", fq), bindparam("ids", ids, expanding=True))
    else:
        stmt = text(
            "SELECT id AS doc_id, ts_headline('english', text, websearch_to_tsquery('english', :q), "
            "'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxFragments=2, MaxWords=30, "
            'MinWords=10, FragmentDelimiter=" … "\') AS snip FROM documents WHERE id IN :ids'
        ).bindparams(bindparam("q", q), bindparam("ids", ids, expanding=True))
    return _split_snippets(conn.execute(stmt))


def _split_snippets(rows) -> dict[str, tuple[str, list[list[int]]]]:
    out = {}
    for doc_id, snip in rows:
        txt, marks = split_snippet(snip)
        out[doc_id] = (" ".join(txt.split("\n")), marks)
    return out


def search_facets(conn: Connection, m) -> dict[str, list[dict[str, Any]]]:
    """Counts of matching documents by source, event type, country, actor and month."""
    ids = select(m.c.doc_id)

    def rows(stmt) -> list[dict[str, Any]]:
        return [{"value": v, "label": lbl, "count": n} for v, lbl, n in conn.execute(stmt)]

    src = (
        select(documents.c.source_name, documents.c.source_name, func.count())
        .where(documents.c.id.in_(ids), documents.c.source_name.is_not(None))
        .group_by(documents.c.source_name)
        .order_by(func.count().desc())
        .limit(FACET_SIZE)
    )
    n_docs = func.count(distinct(events.c.doc_id))
    typ = (
        select(events.c.type, events.c.type, n_docs)
        .where(events.c.doc_id.in_(ids))
        .group_by(events.c.type)
        .order_by(n_docs.desc())
        .limit(FACET_SIZE + 4)
    )
    n_cdocs = func.count(distinct(entities.c.doc_id))
    cty = (
        select(entities.c.country, entities.c.country, n_cdocs)
        .where(entities.c.doc_id.in_(ids), entities.c.kind == "country", entities.c.country.is_not(None))
        .group_by(entities.c.country)
        .order_by(n_cdocs.desc())
        .limit(FACET_SIZE)
    )
    act = (
        select(actors.c.id, actors.c.name, n_cdocs)
        .join(actors, actors.c.id == entities.c.actor_id)
        .where(entities.c.doc_id.in_(ids), entities.c.kind.in_(["person", "organization"]))
        .group_by(actors.c.id, actors.c.name)
        .order_by(n_cdocs.desc(), actors.c.name)
        .limit(FACET_SIZE)
    )
    month = func.substr(documents.c.published, 1, 7)
    mon = (
        select(month, month, func.count())
        .where(documents.c.id.in_(ids), documents.c.published.is_not(None))
        .group_by(month)
        .order_by(month)
    )
    return {
        "source": rows(src),
        "event_type": rows(typ),
        "country": rows(cty),
        "actor": rows(act),
        "month": rows(mon),
    }


# -- documents --------------------------------------------------------------------------------


def resolve_doc_id(doc_id: str) -> str:
    return doc_id if doc_id.startswith("sha256:") else f"sha256:{doc_id}"


def document(conn: Connection, doc_id: str) -> dict[str, Any]:
    """The full record (with text) and the cross-document actor of each entity."""
    doc_id = resolve_doc_id(doc_id)
    row = conn.execute(select(documents).where(documents.c.id == doc_id)).first()
    if row is None:
        raise NotFound(f"no document {doc_id}")
    record = _json(row.record, {})
    record["id"] = row.id
    record["text"] = row.text
    record.setdefault("title", row.title)
    record.setdefault("published", row.published)
    record.setdefault("source", {"name": row.source_name, "url": row.source_url, "attribution": None})
    for key in ("entities", "events", "statements", "references"):
        record.setdefault(key, [])
    actor_of = dict(
        conn.execute(
            select(entities.c.local_id, entities.c.actor_id).where(entities.c.doc_id == doc_id)
        ).all()
    )
    for ent in record["entities"]:
        ent["actor"] = actor_of.get(ent.get("id"))
    return record


def highlight_segments(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Cut the text into pieces at every annotation boundary (displaCy style).

    Each piece is `{text, ents: [[id, kind], ...], events: [...], statements: [...], starts: [...],
    ends: [...]}`: the annotations covering it, which start on it (for anchors) and which end on it
    (for labels).  Pieces are plain text: the template escapes each one.
    """
    txt: str = record.get("text") or ""
    n = len(txt)
    anns: list[tuple[int, int, str, str, str]] = []  # start, end, layer, id, label

    def ok(span) -> tuple[int, int] | None:
        try:
            s, e = int(span[0]), int(span[1])
        except (TypeError, ValueError, IndexError):
            return None
        s, e = max(0, s), min(n, e)
        return (s, e) if e > s else None

    mentions = []
    for ent in record.get("entities") or []:
        for i, span in enumerate(ent.get("mentions") or []):
            if sp := ok(span):
                mentions.append((*sp, "ent", f"{ent.get('id')}-{i}", ent.get("kind") or "entity"))
    # Entity boxes do not nest (as in displaCy): of overlapping mentions the longest wins.
    taken: list[tuple[int, int]] = []
    for m in sorted(mentions, key=lambda m: (-(m[1] - m[0]), m[0])):
        if all(m[1] <= s or m[0] >= e for s, e in taken):
            taken.append((m[0], m[1]))
            anns.append(m)
    for ev in record.get("events") or []:
        for i, span in enumerate(ev.get("evidence") or []):
            if sp := ok(span):
                anns.append((*sp, "event", f"{ev.get('id')}-{i}", ev.get("type") or "event"))
    for i, st in enumerate(record.get("statements") or []):
        if sp := ok(st.get("span") or ()):
            anns.append((*sp, "statement", f"s{i}", st.get("verb") or "said"))
    cuts = sorted({0, n, *(a[0] for a in anns), *(a[1] for a in anns)})
    segs = []
    for s, e in zip(cuts, cuts[1:], strict=False):
        cover = [a for a in anns if a[0] <= s and a[1] >= e]
        seg: dict[str, Any] = {
            "text": txt[s:e],
            "start": s,
            "ents": [],
            "events": [],
            "statements": [],
            "starts": [],
            "ends": [],
        }
        # Overlapping mentions: show the innermost (shortest) entity as the box.
        for a in sorted(cover, key=lambda a: a[1] - a[0]):
            layer_key = {"ent": "ents", "event": "events", "statement": "statements"}[a[2]]
            seg[layer_key].append([a[3], a[4]])
            if a[0] == s:
                seg["starts"].append(a[3] if a[2] != "statement" else a[3])
            if a[1] == e:
                seg["ends"].append([a[2], a[3], a[4]])
        segs.append(seg)
    return segs


# -- events -----------------------------------------------------------------------------------


def _event_date():
    return func.coalesce(events.c.date, documents.c.published)


def _type_and_dates(stmt: Select, event_type, date_from, date_to) -> Select:  # noqa: ANN001
    """The event-type and date-range filters shared by the event list and the network."""
    d = _event_date()
    if event_type:
        stmt = stmt.where(events.c.type == event_type)
    if date_from:
        stmt = stmt.where(d >= date_from)
    if date_to:
        stmt = stmt.where(d <= _upper_bound(date_to))
    return stmt


def _event_where(
    stmt: Select, *, event_type=None, country=None, date_from=None, date_to=None, actor=None
) -> Select:
    stmt = _type_and_dates(stmt, event_type, date_from, date_to)
    if country:
        c = country.upper()
        ent_c = exists().where(
            and_(
                participants.c.doc_id == events.c.doc_id,
                participants.c.event_id == events.c.local_id,
                entities.c.doc_id == participants.c.doc_id,
                entities.c.local_id == participants.c.entity_id,
                entities.c.country == c,
            )
        )
        stmt = stmt.where(or_(events.c.location_country == c, ent_c))
    if actor:
        stmt = stmt.where(
            exists().where(
                and_(
                    participants.c.doc_id == events.c.doc_id,
                    participants.c.event_id == events.c.local_id,
                    entities.c.doc_id == participants.c.doc_id,
                    entities.c.local_id == participants.c.entity_id,
                    entities.c.actor_id == actor,
                )
            )
        )
    return stmt


def list_events(
    conn: Connection,
    *,
    event_type=None,
    country=None,
    date_from=None,
    date_to=None,
    actor=None,
    page: int = 1,
    per_page: int = 50,
) -> dict[str, Any]:
    base = _event_where(
        select(events.c.doc_id, events.c.local_id).join(documents, documents.c.id == events.c.doc_id),
        event_type=event_type,
        country=country,
        date_from=date_from,
        date_to=date_to,
        actor=actor,
    )
    total = conn.execute(select(func.count()).select_from(base.subquery())).scalar_one()
    d = _event_date().label("when")
    stmt = (
        _event_where(
            select(
                events.c.doc_id,
                events.c.local_id,
                events.c.type,
                events.c.name,
                events.c.status,
                d,
                events.c.location_name,
                events.c.location_country,
                documents.c.title,
            ).join(documents, documents.c.id == events.c.doc_id),
            event_type=event_type,
            country=country,
            date_from=date_from,
            date_to=date_to,
            actor=actor,
        )
        .order_by(d.desc(), events.c.doc_id, events.c.local_id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    rows = conn.execute(stmt).all()
    names = _participant_names(conn, [(r.doc_id, r.local_id) for r in rows])
    items = [
        {
            "doc_id": r.doc_id,
            "id": r.local_id,
            "type": r.type,
            "name": r.name,
            "status": r.status,
            "date": r.when,
            "location": {"name": r.location_name, "country": r.location_country}
            if r.location_name or r.location_country
            else None,
            "document_title": r.title,
            "participants": names.get((r.doc_id, r.local_id), []),
        }
        for r in rows
    ]
    return {
        "filters": {
            "event_type": event_type,
            "country": country,
            "date_from": date_from,
            "date_to": date_to,
            "actor": actor,
        },
        "total": total,
        "page": page,
        "per_page": per_page,
        "pages": max(1, -(-total // per_page)),
        "items": items,
    }


def _participant_names(conn: Connection, keys: list[tuple[str, str]]) -> dict[tuple[str, str], list]:
    if not keys:
        return {}
    doc_ids = sorted({k[0] for k in keys})
    rows = conn.execute(
        select(
            participants.c.doc_id,
            participants.c.event_id,
            participants.c.role,
            entities.c.name,
            entities.c.actor_id,
            entities.c.kind,
        )
        .join(
            entities,
            and_(entities.c.doc_id == participants.c.doc_id, entities.c.local_id == participants.c.entity_id),
        )
        .where(participants.c.doc_id.in_(doc_ids))
        .order_by(participants.c.doc_id, participants.c.event_id, entities.c.name)
    ).all()
    wanted = set(keys)
    out: dict[tuple[str, str], list] = defaultdict(list)
    for r in rows:
        if (r.doc_id, r.event_id) in wanted:
            out[(r.doc_id, r.event_id)].append(
                {"name": r.name, "actor": r.actor_id, "role": r.role, "kind": r.kind}
            )
    return out


def event(conn: Connection, doc_id: str, local_id: str) -> dict[str, Any]:
    record = document(conn, doc_id)
    ev = next((v for v in record["events"] if v.get("id") == local_id), None)
    if ev is None:
        raise NotFound(f"no event {local_id} in document {record['id']}")
    ents = {e["id"]: e for e in record["entities"]}

    def ref(eid: str) -> dict[str, Any]:
        e = ents.get(eid) or {}
        return {
            "entity": eid,
            "name": e.get("name", eid),
            "kind": e.get("kind"),
            "country": e.get("country"),
            "actor": e.get("actor"),
        }

    txt = record["text"]
    evidence = [
        {"span": list(s), "text": txt[s[0] : s[1]]}
        for s in ev.get("evidence") or []
        if isinstance(s, list | tuple) and len(s) == 2
    ]
    out = {
        "doc_id": record["id"],
        "id": ev["id"],
        "type": ev.get("type"),
        "plover": ev.get("plover"),
        "name": ev.get("name"),
        "status": ev.get("status"),
        "date": ev.get("date") or record.get("published"),
        "date_stated": ev.get("date") is not None,
        "location": ev.get("location"),
        "organizers": [ref(o) for o in ev.get("organizers") or []],
        "participants": [
            {**ref(p.get("entity")), "role": p.get("role")} for p in ev.get("participants") or []
        ],
        "topics": ev.get("topics") or [],
        "evidence": evidence,
        "document": {
            "id": record["id"],
            "title": record.get("title"),
            "published": record.get("published"),
            "source": (record.get("source") or {}).get("name"),
        },
    }
    out["related"] = _related_events(conn, out)
    return out


def _related_events(conn: Connection, ev: dict[str, Any]) -> list[dict[str, Any]]:
    """The same event as reported by other documents: same type and date, a shared actor."""
    actor_ids = [p["actor"] for p in ev["participants"] + ev["organizers"] if p.get("actor")]
    if not ev.get("date_stated") or not actor_ids:
        return []
    rows = conn.execute(
        select(events.c.doc_id, events.c.local_id, documents.c.title, documents.c.source_name)
        .distinct()
        .join(documents, documents.c.id == events.c.doc_id)
        .join(
            participants,
            and_(participants.c.doc_id == events.c.doc_id, participants.c.event_id == events.c.local_id),
        )
        .join(
            entities,
            and_(entities.c.doc_id == participants.c.doc_id, entities.c.local_id == participants.c.entity_id),
        )
        .where(
            events.c.date == ev["date"],
            events.c.type == ev["type"],
            events.c.doc_id != ev["doc_id"],
            entities.c.actor_id.in_(actor_ids),
        )
        .limit(20)
    ).all()
    return [{"doc_id": r.doc_id, "id": r.local_id, "title": r.title, "source": r.source_name} for r in rows]


# -- actors -----------------------------------------------------------------------------------


def list_actors(
    conn: Connection,
    *,
    q: str = "",
    kind: str | None = None,
    country: str | None = None,
    page: int = 1,
    per_page: int = 50,
) -> dict[str, Any]:
    n_docs = func.count(distinct(entities.c.doc_id)).label("documents")
    stmt = (
        select(actors.c.id, actors.c.kind, actors.c.name, actors.c.country, n_docs)
        .join(entities, entities.c.actor_id == actors.c.id, isouter=True)
        .group_by(actors.c.id, actors.c.kind, actors.c.name, actors.c.country)
    )
    if q.strip():
        like = f"%{q.strip().lower()}%"
        stmt = stmt.where(or_(func.lower(actors.c.name).like(like), func.lower(actors.c.aliases).like(like)))
    if kind:
        stmt = stmt.where(actors.c.kind == kind)
    if country:
        stmt = stmt.where(actors.c.country == country.upper())
    total = conn.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    rows = conn.execute(
        stmt.order_by(n_docs.desc(), actors.c.name).limit(per_page).offset((page - 1) * per_page)
    ).all()
    return {
        "filters": {"q": q, "kind": kind, "country": country},
        "total": total,
        "page": page,
        "per_page": per_page,
        "pages": max(1, -(-total // per_page)),
        "items": [
            {"id": r.id, "kind": r.kind, "name": r.name, "country": r.country, "documents": r.documents}
            for r in rows
        ],
    }


def actor(conn: Connection, actor_id: str, *, limit: int = 200) -> dict[str, Any]:
    row = conn.execute(select(actors).where(actors.c.id == actor_id)).first()
    if row is None:
        raise NotFound(f"no actor {actor_id}")
    mentions = conn.execute(
        select(
            entities.c.doc_id,
            entities.c.local_id,
            entities.c.name,
            entities.c.aliases,
            entities.c.roles,
            documents.c.published,
            documents.c.title,
        )
        .join(documents, documents.c.id == entities.c.doc_id)
        .where(entities.c.actor_id == actor_id)
        .order_by(documents.c.published, documents.c.seq)
    ).all()
    # Each mention's JSON parsed once ("[]", the usual value, not at all).
    aliases_of = [_json_list(m.aliases) for m in mentions]
    roles_of = [_json_list(m.roles) for m in mentions]
    names: dict[str, int] = defaultdict(int)
    for m, als in zip(mentions, aliases_of, strict=True):
        names[m.name] += 1
        for a in als:
            names[a] += 1
    for a in _json(row.aliases, []):
        names.setdefault(a, 0)
    # Roles over time: each distinct (title, organization, country), with first and last dates seen.
    org_ids = {
        (m.doc_id, r.get("organization"))
        for m, rs in zip(mentions, roles_of, strict=True)
        for r in rs
        if isinstance(r, dict) and r.get("organization")
    }
    org_names = _entity_names(conn, org_ids)
    roles: dict[tuple, dict[str, Any]] = {}
    for m, rs in zip(mentions, roles_of, strict=True):
        for r in rs:
            if not isinstance(r, dict) or not r.get("title"):
                continue
            org = org_names.get((m.doc_id, r.get("organization")), r.get("organization"))
            key = (r["title"], org, r.get("country"))
            cur = roles.get(key)
            if cur is None:
                cur = roles[key] = {
                    "title": r["title"],
                    "organization": org,
                    "country": r.get("country"),
                    "first": m.published,
                    "last": m.published,
                    "documents": 0,
                    "current": bool(r.get("current", True)),
                }
            cur["documents"] += 1
            p = m.published
            if p:
                if not cur["first"] or p < cur["first"]:
                    cur["first"] = p
                if not cur["last"] or p > cur["last"]:
                    cur["last"] = p
                if p >= cur["last"]:
                    cur["current"] = bool(r.get("current", True))
    keys = [(m.doc_id, m.local_id) for m in mentions]
    doc_ids = sorted({k[0] for k in keys})
    timeline = _actor_events(conn, actor_id, limit)
    stmts = _actor_statements(conn, actor_id, limit)
    counterparts = _counterparts(conn, actor_id)
    first = next((m.published for m in mentions if m.published), None)
    last = next((m.published for m in reversed(mentions) if m.published), None)
    return {
        "id": row.id,
        "kind": row.kind,
        "name": row.name,
        "country": row.country,
        "names": [{"name": k, "count": v} for k, v in sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))],
        "roles": sorted(roles.values(), key=lambda r: (r["first"] or "", r["title"])),
        "documents": len(doc_ids),
        "first_seen": first,
        "last_seen": last,
        "events": timeline,
        "statements": stmts,
        "counterparts": counterparts,
        "recent_documents": [
            {"id": m.doc_id, "title": m.title, "published": m.published}
            for m in list(reversed(mentions))[:20]
        ],
    }


def _entity_names(conn: Connection, keys: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    if not keys:
        return {}
    doc_ids = sorted({k[0] for k in keys})
    rows = conn.execute(
        select(entities.c.doc_id, entities.c.local_id, entities.c.name).where(entities.c.doc_id.in_(doc_ids))
    ).all()
    return {(r.doc_id, r.local_id): r.name for r in rows if (r.doc_id, r.local_id) in keys}


def _actor_events(conn: Connection, actor_id: str, limit: int) -> list[dict[str, Any]]:
    d = _event_date().label("when")
    rows = conn.execute(
        select(
            events.c.doc_id,
            events.c.local_id,
            events.c.type,
            events.c.name,
            events.c.status,
            d,
            events.c.location_name,
            events.c.location_country,
            participants.c.role,
            documents.c.title,
        )
        .join(
            participants,
            and_(participants.c.doc_id == events.c.doc_id, participants.c.event_id == events.c.local_id),
        )
        .join(
            entities,
            and_(entities.c.doc_id == participants.c.doc_id, entities.c.local_id == participants.c.entity_id),
        )
        .join(documents, documents.c.id == events.c.doc_id)
        .where(entities.c.actor_id == actor_id)
        .order_by(d.desc(), events.c.doc_id, events.c.local_id)
        .limit(limit)
    ).all()
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        item = out.setdefault(
            (r.doc_id, r.local_id),
            {
                "doc_id": r.doc_id,
                "id": r.local_id,
                "type": r.type,
                "name": r.name,
                "status": r.status,
                "date": r.when,
                "location": {"name": r.location_name, "country": r.location_country}
                if r.location_name or r.location_country
                else None,
                "roles": [],
                "document_title": r.title,
            },
        )
        if r.role not in item["roles"]:
            item["roles"].append(r.role)
    return list(out.values())


def _actor_statements(conn: Connection, actor_id: str, limit: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(
            statements.c.doc_id,
            statements.c.idx,
            statements.c.verb,
            statements.c.content,
            statements.c.direct,
            documents.c.published,
            documents.c.title,
        )
        .join(
            entities,
            and_(entities.c.doc_id == statements.c.doc_id, entities.c.local_id == statements.c.speaker),
        )
        .join(documents, documents.c.id == statements.c.doc_id)
        .where(entities.c.actor_id == actor_id)
        .order_by(documents.c.published.desc(), documents.c.seq.desc(), statements.c.idx)
        .limit(limit)
    ).all()
    return [
        {
            "doc_id": r.doc_id,
            "index": r.idx,
            "verb": r.verb,
            "content": r.content,
            "direct": bool(r.direct),
            "published": r.published,
            "document_title": r.title,
        }
        for r in rows
    ]


def _counterparts(conn: Connection, actor_id: str, limit: int = 15) -> list[dict[str, Any]]:
    p1, p2 = participants.alias("p1"), participants.alias("p2")
    e1, e2 = entities.alias("e1"), entities.alias("e2")
    n = func.count(distinct(p1.c.doc_id + literal("/") + p1.c.event_id)).label("events")
    rows = conn.execute(
        select(actors.c.id, actors.c.name, actors.c.kind, actors.c.country, n)
        .select_from(e1)
        .join(p1, and_(p1.c.doc_id == e1.c.doc_id, p1.c.entity_id == e1.c.local_id))
        .join(
            p2,
            and_(
                p2.c.doc_id == p1.c.doc_id, p2.c.event_id == p1.c.event_id, p2.c.entity_id != p1.c.entity_id
            ),
        )
        .join(e2, and_(e2.c.doc_id == p2.c.doc_id, e2.c.local_id == p2.c.entity_id))
        .join(actors, actors.c.id == e2.c.actor_id)
        .where(e1.c.actor_id == actor_id, e2.c.actor_id != actor_id)
        .group_by(actors.c.id, actors.c.name, actors.c.kind, actors.c.country)
        .order_by(n.desc(), actors.c.name)
        .limit(limit)
    ).all()
    return [
        {"id": r.id, "name": r.name, "kind": r.kind, "country": r.country, "events": r.events} for r in rows
    ]


# -- network ----------------------------------------------------------------------------------


def network(
    conn: Connection,
    *,
    date_from=None,
    date_to=None,
    country=None,
    event_type=None,
    kinds: tuple[str, ...] = ("person",),
    limit: int = 250,
) -> dict[str, Any]:
    """Who met whom: actors as nodes, an edge for every pair that took part in one event."""
    p1, p2 = participants.alias("p1"), participants.alias("p2")
    e1, e2 = entities.alias("e1"), entities.alias("e2")
    a1, a2 = actors.alias("a1"), actors.alias("a2")
    n = func.count(distinct(p1.c.doc_id + literal("/") + p1.c.event_id)).label("weight")
    stmt = (
        select(e1.c.actor_id.label("source"), e2.c.actor_id.label("target"), n)
        .select_from(events)
        .join(documents, documents.c.id == events.c.doc_id)
        .join(p1, and_(p1.c.doc_id == events.c.doc_id, p1.c.event_id == events.c.local_id))
        .join(p2, and_(p2.c.doc_id == events.c.doc_id, p2.c.event_id == events.c.local_id))
        .join(e1, and_(e1.c.doc_id == p1.c.doc_id, e1.c.local_id == p1.c.entity_id))
        .join(e2, and_(e2.c.doc_id == p2.c.doc_id, e2.c.local_id == p2.c.entity_id))
        .join(a1, a1.c.id == e1.c.actor_id)
        .join(a2, a2.c.id == e2.c.actor_id)
        .where(e1.c.actor_id < e2.c.actor_id, a1.c.kind.in_(kinds), a2.c.kind.in_(kinds))
        .group_by(e1.c.actor_id, e2.c.actor_id)
    )
    stmt = _type_and_dates(stmt, event_type, date_from, date_to)
    if country:
        c = country.upper()
        stmt = stmt.where(or_(a1.c.country == c, a2.c.country == c, events.c.location_country == c))
    edges = [
        {"source": r.source, "target": r.target, "weight": r.weight}
        for r in conn.execute(stmt.order_by(n.desc(), e1.c.actor_id, e2.c.actor_id).limit(limit))
    ]
    ids = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
    degree: dict[str, int] = defaultdict(int)
    for e in edges:
        degree[e["source"]] += e["weight"]
        degree[e["target"]] += e["weight"]
    nodes = []
    if ids:
        for r in conn.execute(
            select(actors.c.id, actors.c.name, actors.c.kind, actors.c.country)
            .where(actors.c.id.in_(ids))
            .order_by(actors.c.id)
        ):
            nodes.append(
                {"id": r.id, "name": r.name, "kind": r.kind, "country": r.country, "weight": degree[r.id]}
            )
    return {
        "filters": {
            "date_from": date_from,
            "date_to": date_to,
            "country": country,
            "event_type": event_type,
            "kinds": list(kinds),
        },
        "nodes": nodes,
        "edges": edges,
        "truncated": len(edges) >= limit,
    }


# -- overview ---------------------------------------------------------------------------------


def overview(conn: Connection, *, top: int = 12) -> dict[str, Any]:
    n_docs = conn.execute(select(func.count()).select_from(documents)).scalar_one()
    n_events = conn.execute(select(func.count()).select_from(events)).scalar_one()
    n_actors = conn.execute(select(func.count()).select_from(actors)).scalar_one()
    n_statements = conn.execute(select(func.count()).select_from(statements)).scalar_one()
    month = func.substr(_event_date(), 1, 7).label("month")
    per_month = conn.execute(
        select(month, events.c.type, func.count())
        .join(documents, documents.c.id == events.c.doc_id)
        .where(_event_date().is_not(None))
        .group_by(month, events.c.type)
        .order_by(month)
    ).all()
    months: dict[str, dict[str, int]] = {}
    for m, t, c in per_month:
        months.setdefault(m, {})[t] = c
    n_ent_docs = func.count(distinct(entities.c.doc_id)).label("n")
    top_actors = conn.execute(
        select(actors.c.id, actors.c.name, actors.c.kind, actors.c.country, n_ent_docs)
        .join(entities, entities.c.actor_id == actors.c.id)
        .where(actors.c.kind.in_(["person", "organization"]))
        .group_by(actors.c.id, actors.c.name, actors.c.kind, actors.c.country)
        .order_by(n_ent_docs.desc(), actors.c.name)
        .limit(top)
    ).all()
    top_countries = conn.execute(
        select(entities.c.country, n_ent_docs)
        .where(entities.c.kind == "country", entities.c.country.is_not(None))
        .group_by(entities.c.country)
        .order_by(n_ent_docs.desc(), entities.c.country)
        .limit(top)
    ).all()
    sources = conn.execute(
        select(documents.c.source_name, func.count().label("n"))
        .group_by(documents.c.source_name)
        .order_by(func.count().desc())
        .limit(top)
    ).all()
    types = conn.execute(
        select(events.c.type, func.count().label("n")).group_by(events.c.type).order_by(func.count().desc())
    ).all()
    return {
        "totals": {"documents": n_docs, "events": n_events, "actors": n_actors, "statements": n_statements},
        "events_per_month": [{"month": m, "counts": c, "total": sum(c.values())} for m, c in months.items()],
        "event_types": [{"type": t, "count": n} for t, n in types],
        "top_actors": [
            {"id": r.id, "name": r.name, "kind": r.kind, "country": r.country, "documents": r.n}
            for r in top_actors
        ],
        "top_countries": [{"country": c, "documents": n} for c, n in top_countries],
        "sources": [{"source": s, "documents": n} for s, n in sources],
    }


def facet_values(conn: Connection) -> dict[str, list[str]]:
    """Choices for the filter drop-downs: event types, countries and sources present in the store."""
    return {
        "event_type": [r for (r,) in conn.execute(select(events.c.type).distinct().order_by(events.c.type))],
        "country": [
            r
            for (r,) in conn.execute(
                select(entities.c.country)
                .distinct()
                .where(entities.c.kind == "country", entities.c.country.is_not(None))
                .order_by(entities.c.country)
            )
        ],
        "source": [
            r
            for (r,) in conn.execute(
                select(documents.c.source_name)
                .distinct()
                .where(documents.c.source_name.is_not(None))
                .order_by(documents.c.source_name)
            )
        ],
    }
