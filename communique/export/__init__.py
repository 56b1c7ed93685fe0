"""Exports of the store: records, events, statements, actors, and PLOVER-style event rows.

Every kind of row is built once, as a flat dict, and written in any format: JSON Lines keeps
lists and objects as they are; CSV and Parquet get them as JSON strings in one column, so that
the three formats carry the same information and parse back to the same rows.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from communique.errors import StoreError
from communique.store.base import ActorRow, Store

Row = dict[str, Any]


def record_rows(store: Store) -> Iterator[Row]:
    for record, actors in store.iter_records():
        data = record.to_dict()
        for ent in data["entities"]:
            ent["actor"] = actors[ent["id"]].id if ent["id"] in actors else None
        yield data


def event_rows(store: Store) -> Iterator[Row]:
    """One row per event, with its participants resolved to actors."""
    for record, actors in store.iter_records():
        names = {e.id: e for e in record.entities}
        for ev in record.events:
            yield {
                "doc_id": record.id, "event_id": ev.id, "type": ev.type, "plover": ev.plover,
                "name": ev.name, "status": ev.status, "date": ev.date or record.published,
                "published": record.published, "source": record.source.name,
                "location": ev.location.name if ev.location else None,
                "location_country": ev.location.country if ev.location else None,
                "topics": list(ev.topics),
                "participants": [_participant(p.entity, p.role, names, actors) for p in ev.participants],
            }


def _participant(local: str, role: str, names: dict[str, Any], actors: dict[str, ActorRow]) -> Row:
    ent, actor = names.get(local), actors.get(local)
    return {
        "actor_id": actor.id if actor else None,
        "name": actor.name if actor else (ent.name if ent else local),
        "kind": ent.kind if ent else None,
        "country": (ent.country if ent else None) or (actor.country if actor else None),
        "role": role,
    }


def statement_rows(store: Store) -> Iterator[Row]:
    for record, actors in store.iter_records():
        names = {e.id: e for e in record.entities}
        for i, st in enumerate(record.statements):
            speaker = _participant(st.speaker, "speaker", names, actors)
            yield {
                "doc_id": record.id, "idx": i, "published": record.published,
                "source": record.source.name, "speaker_actor_id": speaker["actor_id"],
                "speaker": speaker["name"], "speaker_country": speaker["country"], "verb": st.verb,
                "content": st.content, "direct": bool(st.direct),
            }


def actor_rows(store: Store) -> Iterator[Row]:
    for a in store.iter_actors():
        yield {"id": a.id, "kind": a.kind, "name": a.name, "country": a.country,
               "aliases": list(a.aliases), "documents": a.documents,
               "first_seen": a.first_seen, "last_seen": a.last_seen}


def plover_rows(store: Store) -> Iterator[Row]:
    """PLOVER-style: one row per (event, participating actor), with the event's countries."""
    for ev in event_rows(store):
        countries = sorted({p["country"] for p in ev["participants"] if p["country"]})
        for p in ev["participants"]:
            yield {
                "doc_id": ev["doc_id"], "event_id": ev["event_id"], "date": ev["date"],
                "plover": ev["plover"], "event_type": ev["type"], "status": ev["status"],
                "place": ev["location"], "place_country": ev["location_country"],
                "actor_id": p["actor_id"], "actor": p["name"], "actor_kind": p["kind"],
                "actor_country": p["country"], "role": p["role"], "countries": countries,
                "source": ev["source"],
            }


WHAT: dict[str, Callable[[Store], Iterator[Row]]] = {
    "records": record_rows, "events": event_rows, "statements": statement_rows,
    "actors": actor_rows, "plover": plover_rows,
}
FORMATS = ("jsonl", "csv", "parquet")


def rows(store: Store, what: str) -> Iterator[Row]:
    if what not in WHAT:
        raise StoreError(f"cannot export {what!r}: choose one of {', '.join(WHAT)}")
    return WHAT[what](store)


def export(store: Store, *, what: str, fmt: str, out: str | None) -> int:
    """Write `what` in format `fmt` to the file `out` (stdout if None); returns the row count."""
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    it = rows(store, what)
    if fmt == "parquet":
        if not out:
            raise StoreError("parquet is binary: give a file with --out")
        return write_parquet(it, out)
    writer = write_jsonl if fmt == "jsonl" else write_csv
    if out is None:
        return writer(it, sys.stdout)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        return writer(it, fh)


def write_jsonl(items: Iterable[Row], fh: io.TextIOBase | Any) -> int:
    n = 0
    for n, row in enumerate(items, 1):  # noqa: B007 - n is the count
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return n


def _flat(row: Row) -> Row:
    """Lists and objects as JSON text: CSV and Parquet columns are scalar."""
    return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for k, v in row.items()}


def write_csv(items: Iterable[Row], fh: io.TextIOBase | Any) -> int:
    writer: csv.DictWriter | None = None
    n = 0
    for n, row in enumerate(items, 1):  # noqa: B007
        flat = _flat(row)
        if writer is None:
            writer = csv.DictWriter(fh, fieldnames=list(flat))
            writer.writeheader()
        writer.writerow(flat)
    return n


def write_parquet(items: Iterable[Row], path: str, chunk: int = 2000) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - pyarrow is a dependency
        raise StoreError("parquet export needs pyarrow: pip install pyarrow") from exc
    writer = None
    n = 0
    batch: list[Row] = []
    schema = None
    try:
        for row in items:
            batch.append(_flat(row))
            n += 1
            if len(batch) >= chunk:
                schema = schema or _arrow_schema(pa, batch)
                writer = writer or pq.ParquetWriter(path, schema)
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch or writer is None:
            schema = schema or _arrow_schema(pa, batch)
            writer = writer or pq.ParquetWriter(path, schema)
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    finally:
        if writer is not None:
            writer.close()
    return n


def _arrow_schema(pa: Any, batch: list[Row]) -> Any:
    """Column types from the first rows; a column that is null there is text (ids, dates, names)."""
    if not batch:
        return pa.schema([("empty", pa.string())])
    fields = []
    for key in batch[0]:
        values = [r[key] for r in batch if r.get(key) is not None]
        if values and all(isinstance(v, bool) for v in values):
            typ = pa.bool_()
        elif values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            typ = pa.int64()
        else:
            typ = pa.string()
        fields.append((key, typ))
    return pa.schema(fields)


__all__ = ["FORMATS", "WHAT", "export", "rows", "write_csv", "write_jsonl", "write_parquet"]
