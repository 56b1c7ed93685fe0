"""PostgreSQL's bulk path: `PostgresStore.bulk_write` loads rows with COPY and must store exactly
what `write_batch` stores.

Needs COMMUNIQUE_TEST_PG (`make test`, or `scripts/pg-test-server.sh`, starts a throwaway server
and sets it); every test here skips without it.  The comparison stores live in two schemas of
that one database, so no CREATE DATABASE right is needed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from communique.engines import ray as ray_engine
from communique.errors import InputError, StoreError
from communique.records import Record, Statement
from communique.store import Store, open_store
from communique.store import postgres as pg_module
from communique.store import schema as s
from tests.test_store import (
    PG_SKIP,
    PG_URL,
    country,
    gold_records,
    make_record,
    meeting,
    open_test_store,
    person,
    table_counts,
    tokayev_records,
)

pytestmark = pytest.mark.skipif(not PG_URL, reason=PG_SKIP)

# What COPY's text format has to escape (tab, newline, CR, backslash, its own NULL marker \N)
# and what a release can contain anyway: quotes, non-Latin scripts, emoji, U+2028.
AWKWARD = ("Tab\there, new\nline, CRLF\r\n, back\\slash, a literal \\N and \\t, "
           "'single' \"double\" «guillemets», Қазақстан, العربية, 中文, 🇰🇿, e\u0301, \u2028end.")


def awkward_record() -> Record:
    body = f"Mr. O'Brien\tmet Tokayev in Astana. {AWKWARD}"
    rec = make_record(
        body, [person("e1", "Séan O'Brien \\ \"Jr.\"", "IE", "Minister\tof State"),
               person("e2", "Kassym-Jomart Tokayev", "KZ", "President"),
               country("e3", "Қазақстан", "KZ")],
        title=f"Title with\ttab and\nnewline {AWKWARD[:40]}", origin="awk\\ward\tpath.txt",
        events=[meeting("v1", "meeting", None, "e1", "e2", place="Astana\\Nur-Sultan")],
        statements=[Statement("e1", "say", f"quote:\n{AWKWARD}", (0, 10), direct=True),
                    Statement("e2", "note", "", (0, 0))])
    rec.source.url = None  # NULL, not the string "None" or ""
    return rec


def all_records() -> list[Record]:
    return [*tokayev_records(), *gold_records(), awkward_record()]


def schema_url(url: str, schema: str) -> str:
    """`url` with every connection's search_path set to `schema` alone."""
    return make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}) \
        .render_as_string(hide_password=False)


@pytest.fixture
def pg(tmp_path: Path) -> Iterator[Store]:
    """A fresh store in the test database's public schema (test_store's fixture)."""
    yield from open_test_store("postgresql", tmp_path)


@pytest.fixture
def pg_other() -> Iterator[Store]:
    """A second fresh store, in its own schema of the same database."""
    assert PG_URL
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS copy_other CASCADE"))
        conn.execute(text("CREATE SCHEMA copy_other"))
    try:
        with open_store(schema_url(PG_URL, "copy_other")) as st:
            yield st
    finally:
        with admin.begin() as conn:
            conn.execute(text("DROP SCHEMA copy_other CASCADE"))
        admin.dispose()


def rows(store: Store, table: Any) -> list[dict[str, Any]]:
    """Every row of `table` in key order, without the write time (it differs by design)."""
    cols = [c for c in table.c if c.name != "ingested_at"]
    with store.engine.connect() as conn:  # type: ignore[attr-defined]
        q = select(*cols).order_by(*table.primary_key.columns)
        return [r._asdict() for r in conn.execute(q)]


def in_batches(write: Callable[[list[Record], list[InputError]], Any], records: list[Record]) -> None:
    # Several batches: seq numbers and actor resolution must carry over between them.
    for i in range(0, len(records), 4):
        write(records[i:i + 4], [])


# -- same store contents as write_batch ---------------------------------------------------------

def test_bulk_write_stores_what_write_batch_stores(pg: Store, pg_other: Store) -> None:
    records = all_records()
    assert len({r.id for r in records}) == len(records)  # distinct documents, not an upsert test
    in_batches(pg.bulk_write, records)  # type: ignore[attr-defined]
    in_batches(pg_other.write_batch, records)
    for table in (s.documents, *s.DOCUMENT_CHILDREN, s.actors, s.failures):
        assert rows(pg, table) == rows(pg_other, table), table.name
    assert pg.stats() == pg_other.stats()
    assert list(pg.iter_actors()) == list(pg_other.iter_actors())
    for rec in records:
        got, actors = pg.get_record(rec.id)
        assert got.to_dict() == rec.to_dict()
        assert (got, actors) == pg_other.get_record(rec.id)
    for query in ("Tokayev", "telephone conversation", "Қазақстан", "O'Brien", "guillemets", ""):
        assert pg.search(query, limit=50) == pg_other.search(query, limit=50), query
    (tok,) = pg.find_actors("Kassym-Jomart Tokayev")
    assert pg.actor_profile(tok.id) == pg_other.actor_profile(tok.id)


def test_awkward_text_survives_copy(pg: Store) -> None:
    rec = awkward_record()
    pg.bulk_write([rec], [])  # type: ignore[attr-defined]
    got, _ = pg.get_record(rec.id)
    assert got.text == rec.text and got.title == rec.title and got.origin == rec.origin
    assert got.to_dict() == rec.to_dict()
    (doc,) = rows(pg, s.documents)
    assert doc["source_url"] is None and doc["title"] == rec.title and doc["origin"] == rec.origin
    assert [(st["verb"], st["content"], st["direct"]) for st in rows(pg, s.statements)] == [
        ("say", f"quote:\n{AWKWARD}", True), ("note", "", False)]
    names = {e["local_id"]: (e["name"], e["roles"]) for e in rows(pg, s.entities)}
    assert names["e1"][0] == "Séan O'Brien \\ \"Jr.\"" and "Minister\\tof State" in names["e1"][1]
    assert [e["location_name"] for e in rows(pg, s.events)] == ["Astana\\Nur-Sultan"]
    assert [h.doc_id for h in pg.search("guillemets")] == [rec.id]


# -- replacing, failures, errors ----------------------------------------------------------------

def test_bulk_writing_the_same_ids_again_replaces_them(pg: Store) -> None:
    records = tokayev_records()
    pg.bulk_write(records, [])  # type: ignore[attr-defined]
    first, docs = table_counts(pg), rows(pg, s.documents)
    seqs = {d["id"]: d["seq"] for d in docs}
    pg.bulk_write(records, [])  # type: ignore[attr-defined]
    assert table_counts(pg) == first and rows(pg, s.documents) == docs
    # A changed record under the same id replaces its rows (and keeps its seq).
    changed = dataclasses.replace(records[0], entities=records[0].entities[:1], statements=[])
    pg.bulk_write([changed], [])  # type: ignore[attr-defined]
    assert pg.stats()["documents"] == len(records)
    assert pg.get_record(changed.id)[0].to_dict() == changed.to_dict()
    assert {d["id"]: d["seq"] for d in rows(pg, s.documents)} == seqs
    assert table_counts(pg)["entities"] == first["entities"] - len(records[0].entities) + 1
    # And write_batch after bulk_write (or the other way) is the same upsert.
    pg.write_batch(records, [])
    assert table_counts(pg) == first


def test_failures_written_and_cleared(pg: Store) -> None:
    rec = dataclasses.replace(tokayev_records()[0], origin="later.txt")
    pg.bulk_write([], [InputError("broken.pdf", "unsupported format"),  # type: ignore[attr-defined]
                       InputError("later.txt", "extraction failed: boom")])
    assert {(f.origin, f.reason) for f in pg.failures()} == {
        ("broken.pdf", "unsupported format"), ("later.txt", "extraction failed: boom")}
    # Once it reads, its failure goes; a failure in the same batch is recorded alongside.
    pg.bulk_write([rec], [InputError("other.txt", "empty")])  # type: ignore[attr-defined]
    assert {f.origin for f in pg.failures()} == {"broken.pdf", "other.txt"}
    assert pg.stats()["documents"] == 1


def test_a_failed_copy_is_a_store_error_and_rolls_back(pg: Store) -> None:
    good = tokayev_records()
    pg.bulk_write(good[:2], [])  # type: ignore[attr-defined]
    before = table_counts(pg)
    # PostgreSQL refuses NUL in text: the COPY of documents fails after the old rows were deleted.
    bad = dataclasses.replace(good[2], text="NUL \x00 inside")
    with pytest.raises(StoreError, match="NUL"):
        pg.bulk_write([good[0], bad], [InputError("x.txt", "boom")])  # type: ignore[attr-defined]
    assert table_counts(pg) == before and pg.failures() == []
    pg.bulk_write(good, [])  # type: ignore[attr-defined]  # the store is still usable
    assert pg.stats()["documents"] == len(good)


# -- the Ray engine's bulk load -----------------------------------------------------------------

def test_ray_bulk_load_uses_copy_on_postgresql(pg: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """`bulk_load` picks `bulk_write` on PostgreSQL, and that really goes through COPY."""
    copied: list[str] = []
    real_copy = pg_module.copy_rows

    def spy_copy(conn: Any, table: Any, table_rows: list[dict[str, Any]]) -> None:
        copied.append(table.name)
        real_copy(conn, table, table_rows)

    def no_write_batch(*args: Any) -> Any:
        raise AssertionError("bulk_load used write_batch on PostgreSQL")

    monkeypatch.setattr(pg_module, "copy_rows", spy_copy)
    monkeypatch.setattr(pg, "write_batch", no_write_batch)
    records = tokayev_records()
    dup = dataclasses.replace(records[0], origin="copy-of-first.txt")
    batches = [[*records[:3], InputError("bad.txt", "unreadable")], [*records[3:], dup]]
    report = ray_engine.bulk_load(pg, batches)
    assert (report.extracted, report.duplicates, report.failed) == (len(records), 1, 1)
    assert "documents" in copied and "entities" in copied and "events" in copied
    assert pg.stats()["documents"] == len(records)
    assert [f.origin for f in pg.failures()] == ["bad.txt"]
    # A second load of the same results skips them all: nothing more is copied.
    copied.clear()
    again = ray_engine.bulk_load(pg, [records])
    assert again.skipped == len(records) and copied == []

