"""Exports in every format parse back to the same rows."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from communique.errors import StoreError
from communique.export import FORMATS, WHAT, export
from communique.records import Record
from communique.store import Store
from tests.test_store import tokayev_records


@pytest.fixture
def loaded(store: Store) -> Store:
    store.write_batch(tokayev_records(), [])
    return store


def read_back(path: Path, fmt: str) -> list[dict]:
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


def as_text(row: dict) -> dict:
    """A JSON Lines row as CSV carries it: nested values as JSON, everything as text."""
    def cell(v: object) -> str:
        if isinstance(v, list | dict):
            return json.dumps(v, ensure_ascii=False)
        if v is None:
            return ""
        return str(v)
    return {k: cell(v) for k, v in row.items()}


@pytest.mark.parametrize("what", list(WHAT))
def test_every_format_parses_back_to_the_same_rows(loaded: Store, tmp_path: Path, what: str) -> None:
    got = {}
    for fmt in FORMATS:
        path = tmp_path / f"{what}.{fmt}"
        n = export(loaded, what=what, fmt=fmt, out=str(path))
        got[fmt] = read_back(path, fmt)
        assert len(got[fmt]) == n > 0
    reference = [as_text(r) for r in got["jsonl"]]
    assert got["csv"] == reference
    assert [as_text(r) for r in got["parquet"]] == reference


def test_record_export_rebuilds_records(loaded: Store, tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    export(loaded, what="records", fmt="jsonl", out=str(path))
    rows = read_back(path, "jsonl")
    originals = {r.id: r.to_dict() for r in tokayev_records()}
    for row in rows:
        assert all(e["actor"] for e in row["entities"])
        assert Record.from_dict(row).to_dict() == originals[row["id"]]


def test_events_and_plover_rows(loaded: Store, tmp_path: Path) -> None:
    records = tokayev_records()
    path = tmp_path / "events.jsonl"
    export(loaded, what="events", fmt="jsonl", out=str(path))
    events = read_back(path, "jsonl")
    assert len(events) == sum(len(r.events) for r in records)
    first = next(e for e in events if e["doc_id"] == records[0].id)
    assert {p["name"] for p in first["participants"]} == {"Vladimir Putin", "Kassym-Jomart Tokayev"}
    assert first["location"] == "Moscow"

    export(loaded, what="plover", fmt="jsonl", out=str(tmp_path / "plover.jsonl"))
    plover = read_back(tmp_path / "plover.jsonl", "jsonl")
    assert len(plover) == sum(len(e.participants) for r in records for e in r.events)
    row = next(p for p in plover if p["doc_id"] == records[0].id and p["actor"] == "Vladimir Putin")
    assert row["plover"] == "CONSULT" and row["date"] == "2022-01-10" and row["place"] == "Moscow"
    assert row["countries"] == ["KZ", "RU"] and row["actor_country"] == "RU"
    # One actor id for Tokayev across his three documents.
    tok = {p["actor_id"] for p in plover if "Tokayev" in p["actor"]}
    assert len(tok) == 1


def test_statements_and_actors(loaded: Store, tmp_path: Path) -> None:
    export(loaded, what="statements", fmt="csv", out=str(tmp_path / "st.csv"))
    (st,) = read_back(tmp_path / "st.csv", "csv")
    assert st["speaker"] == "Kassym-Jomart Tokayev" and st["verb"] == "say"
    export(loaded, what="actors", fmt="jsonl", out=str(tmp_path / "actors.jsonl"))
    actors = read_back(tmp_path / "actors.jsonl", "jsonl")
    tok = [a for a in actors if a["name"] == "Kassym-Jomart Tokayev"]
    assert len(tok) == 1 and tok[0]["documents"] == 3 and tok[0]["first_seen"] == "2021-11-28"


def test_export_errors(loaded: Store) -> None:
    with pytest.raises(StoreError):
        export(loaded, what="everything", fmt="jsonl", out=None)
    with pytest.raises(StoreError):
        export(loaded, what="records", fmt="xml", out=None)
    with pytest.raises(StoreError):
        export(loaded, what="records", fmt="parquet", out=None)


def test_empty_store_exports_empty_files(store: Store, tmp_path: Path) -> None:
    for fmt in FORMATS:
        assert export(store, what="events", fmt=fmt, out=str(tmp_path / f"e.{fmt}")) == 0
