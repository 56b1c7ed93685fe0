"""The knowledge store on both backends: migrations, idempotent upserts, reprocess, failures, search.

Model-free: records are built by hand (and from the gold set when ../shared is there).  The
PostgreSQL parameter needs COMMUNIQUE_TEST_PG (`make test` starts a throwaway server and sets it).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from communique import settings
from communique.errors import InputError, StoreError
from communique.records import (
    Document,
    Entity,
    Event,
    Location,
    Participant,
    Record,
    Role,
    Source,
    Statement,
    content_id,
)
from communique.store import SearchFilters, Store, open_store
from communique.store import schema as s
from communique.store.ingest import ingest, ingest_documents
from communique.store.migrations import LATEST, MIGRATIONS
from tests.conftest import PG_SKIP, PG_URL, SHARED, _reset_pg, open_test_store  # noqa: F401

# The `store` fixture (a fresh store on each backend) and its helpers are in conftest.py.  PG_SKIP,
# _reset_pg and open_test_store are imported above only for the test modules that import them
# from this one.

# -- records made by hand -----------------------------------------------------------------------

def person(eid: str, name: str, country: str | None, title: str | None = None,
           aliases: list[str] | None = None) -> Entity:
    roles = [Role(title=title, country=country)] if title else []
    return Entity(id=eid, kind="person", name=name, aliases=aliases or [], country=country, roles=roles)


def country(eid: str, name: str, code: str) -> Entity:
    return Entity(id=eid, kind="country", name=name, country=code)


def make_record(body: str, entities: list[Entity], *, published: str = "2022-01-10",
                events: list[Event] | None = None, statements: list[Statement] | None = None,
                source: str = "Kremlin", title: str | None = None, origin: str | None = None) -> Record:
    return Record(id=content_id(body), source=Source(name=source), published=published,
                  title=title or body[:40], language="en", text=body, entities=entities,
                  events=events or [], statements=statements or [], origin=origin,
                  extractor=settings.EXTRACTOR_VERSION)


def meeting(eid: str, kind: str, date: str | None, *who: str, place: str | None = None) -> Event:
    return Event(id=eid, type=kind, plover="CONSULT", date=date,
                 location=Location(place, "RU") if place else None,
                 participants=[Participant(w, "participant") for w in who], topics=["trade"])


def tokayev_records() -> list[Record]:
    """Three documents naming Tokayev three ways, meeting or calling Putin; two Mr. Khans."""
    return [
        make_record(
            "Vladimir Putin met with President of Kazakhstan Kassym-Jomart Tokayev in the Kremlin. "
            "Tokayev said cooperation in energy is growing.",
            [person("e1", "Vladimir Putin", "RU", "President"),
             person("e2", "Kassym-Jomart Tokayev", "KZ", "President", ["Tokayev"]),
             country("e3", "Kazakhstan", "KZ")],
            published="2022-01-10", title="Meeting with President of Kazakhstan Kassym-Jomart Tokayev",
            events=[meeting("v1", "meeting", "2022-01-10", "e1", "e2", place="Moscow")],
            statements=[Statement("e2", "say", "cooperation in energy is growing", (80, 120))]),
        make_record(
            "Vladimir Putin had a telephone conversation with President Tokayev about the CSTO summit.",
            [person("e1", "Vladimir Putin", "RU", "President"),
             person("e2", "President Tokayev", "KZ", "President")],
            published="2022-02-01", title="Telephone conversation with President Tokayev",
            events=[meeting("v1", "phone_call", "2022-02-01", "e1", "e2")]),
        make_record(
            "K. Tokayev and Vladimir Putin held talks on the sidelines of the CSTO summit.",
            [person("e1", "K. Tokayev", None), person("e2", "Vladimir Putin", "RU")],
            published="2021-11-28", source="Kazakh MFA",
            events=[meeting("v1", "meeting", "2021-11-28", "e1", "e2")]),
        make_record(
            "Mr. Khan, Minister of Pakistan, visited the embassy to discuss trade.",
            [person("e1", "Mr. Khan", "PK"), country("e2", "Pakistan", "PK")],
            published="2022-03-05", source="Kazakh MFA",
            events=[meeting("v1", "visit", "2022-03-05", "e1")]),
        make_record(
            "Mr. Khan of India opened the cultural festival in Almaty.",
            [person("e1", "Mr. Khan", "IN"), country("e2", "India", "IN")],
            published="2022-04-07", source="Kazakh MFA",
            events=[meeting("v1", "cultural_event", "2022-04-07", "e1")]),
    ]


def gold_records() -> list[Record]:
    """The dev gold records with the fields the gold files leave out filled in."""
    out = []
    for path in sorted((SHARED / "gold" / "dev").glob("*.gold.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        body = f"{path.stem} " + " ".join(e["name"] for e in data.get("entities", []))
        data.update(id=content_id(body), text=body, origin=str(path), extractor=settings.EXTRACTOR_VERSION)
        for st in data.get("statements", []):
            st.setdefault("span", [0, 0])
        out.append(Record.from_dict(data))
    return out


# -- fake read and extract for the ingest loop ------------------------------------------------

def fake_documents(n: int) -> list[Document]:
    return [Document(text=f"Document {i}: the minister met the ambassador to discuss trade number {i}.",
                     origin=f"doc{i}.txt", title=f"Doc {i}", published=f"2022-01-{1 + i % 28:02d}",
                     source=Source(name="Test MFA")) for i in range(n)]


class FakeExtractor:
    """Records from documents without a model; counts what it was asked to extract."""

    def __init__(self, version: str = settings.EXTRACTOR_VERSION, fail_on: str | None = None) -> None:
        self.version = version
        self.fail_on = fail_on
        self.seen: list[str] = []

    def __call__(self, docs: list[Document]) -> Iterator[Record | InputError]:
        for d in docs:
            self.seen.append(d.id)
            if self.fail_on and self.fail_on in d.text:
                yield InputError(d.origin, "extraction failed: boom")
                continue
            yield Record(id=d.id, source=d.source, published=d.published, title=d.title, language="en",
                         text=d.text, origin=d.origin, extractor=self.version,
                         entities=[person("e1", "Test Minister", "KZ", "Minister")])


# -- counting rows ------------------------------------------------------------------------------

def count(store: Store, table: object) -> int:
    from sqlalchemy import func, select

    with store.engine.connect() as conn:  # type: ignore[attr-defined]
        return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)


def table_counts(store: Store) -> dict[str, int]:
    return {t.name: count(store, t) for t in (s.documents, s.entities, s.events, s.participants,
                                              s.statements, s.actors, s.failures)}


# -- schema and migrations ----------------------------------------------------------------------

def test_migrations_apply_and_are_recorded(store: Store) -> None:
    assert store.stats()["schema_version"] == LATEST
    with store.engine.connect() as conn:  # type: ignore[attr-defined]
        names = conn.execute(text("SELECT name FROM schema_version ORDER BY version")).scalars().all()
    assert names == [f.__name__ for _, f in MIGRATIONS]
    # Opening again applies nothing and keeps the data.
    store.write_batch(tokayev_records()[:1], [])
    with open_store(store.url if "://" not in store.url else PG_URL or "") as again:
        assert again.stats()["documents"] == 1
        assert again.stats()["schema_version"] == LATEST


def test_sqlite_store_is_wal(tmp_path: Path) -> None:
    path = tmp_path / "wal.db"
    with open_store(str(path)) as st, st.engine.connect() as conn:  # type: ignore[attr-defined]
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_unsupported_url_is_a_store_error() -> None:
    with pytest.raises(StoreError):
        open_store("mysql://nobody@localhost/x")


# -- idempotence --------------------------------------------------------------------------------

def test_writing_twice_adds_nothing(store: Store) -> None:
    records = tokayev_records()
    store.write_batch(records, [])
    first = table_counts(store)
    store.write_batch(records, [])
    assert table_counts(store) == first
    assert first["documents"] == len(records)


def test_ingest_twice_extracts_nothing_the_second_time(store: Store) -> None:
    docs = fake_documents(10)
    reader = lambda paths, cmap: iter(docs)  # noqa: E731
    ex1 = FakeExtractor()
    r1 = ingest(["x"], store, reader=reader, extractor=ex1, batch_size=3)
    assert (r1.extracted, r1.skipped) == (10, 0)
    counts = table_counts(store)
    ex2 = FakeExtractor()
    r2 = ingest(["x"], store, reader=reader, extractor=ex2, batch_size=3)
    assert ex2.seen == [] and (r2.extracted, r2.skipped) == (0, 10)
    assert table_counts(store) == counts


def test_duplicate_texts_in_one_run_are_stored_once(store: Store) -> None:
    docs = fake_documents(3)
    docs.append(Document(text=docs[0].text, origin="copy.txt"))
    r = ingest(["x"], store, reader=lambda p, c: iter(docs), extractor=FakeExtractor())
    assert r.duplicates == 1 and store.stats()["documents"] == 3


def test_reprocess_touches_only_stale_records(store: Store) -> None:
    docs = fake_documents(6)
    ingest_documents(docs[:3], store, extractor=FakeExtractor(version="0.0.1"))
    ingest_documents(docs[3:], store, extractor=FakeExtractor())
    plain = FakeExtractor()
    ingest_documents(docs, store, extractor=plain)
    assert plain.seen == []  # without --reprocess stale records stay
    again = FakeExtractor()
    report = ingest_documents(docs, store, extractor=again, reprocess=True)
    assert sorted(again.seen) == sorted(d.id for d in docs[:3])
    assert report.reprocessed == 3 and report.skipped == 3
    assert store.stats()["extractor_versions"] == {settings.EXTRACTOR_VERSION: 6}
    assert count(store, s.entities) == 6  # replaced, not added to


# -- failures -----------------------------------------------------------------------------------

def test_failures_recorded_listed_and_cleared(store: Store) -> None:
    docs = fake_documents(4)
    bad_read = InputError("broken.pdf", "unsupported format")
    reader = lambda p, c: iter([*docs, bad_read])  # noqa: E731
    report = ingest(["x"], store, reader=reader, extractor=FakeExtractor(fail_on="number 2."))
    assert report.failed == 2
    assert {(f.origin, f.reason) for f in store.failures()} == {
        ("broken.pdf", "unsupported format"), ("doc2.txt", "extraction failed: boom")}
    # Once it extracts, the document's failure goes away; the unreadable file stays listed.
    ingest(["x"], store, reader=reader, extractor=FakeExtractor())
    assert [f.origin for f in store.failures()] == ["broken.pdf"]
    assert store.stats()["documents"] == 4


# -- search -------------------------------------------------------------------------------------

@pytest.fixture
def loaded(store: Store) -> Store:
    store.write_batch(tokayev_records(), [])
    return store


def ids(hits: list) -> set[str]:
    return {h.doc_id for h in hits}


def test_full_text_search(loaded: Store) -> None:
    hits = loaded.search("telephone conversation")
    assert len(hits) == 1 and "Tokayev" in (hits[0].title or "")
    assert "[" in hits[0].snippet  # the match is marked
    assert len(loaded.search("CSTO summit")) == 2
    assert loaded.search("nonexistentword") == []
    # FTS syntax in user input searches as text instead of failing.
    assert loaded.search('Kassym-Jomart "the Kremlin" AND (') is not None


def test_search_filters(loaded: Store) -> None:
    recs = tokayev_records()
    call, talks, khan_pk, khan_in = recs[1].id, recs[2].id, recs[3].id, recs[4].id
    f = SearchFilters
    assert ids(loaded.search("", f(date_from="2022-02-01", date_to="2022-03-31"))) == {call, khan_pk}
    assert ids(loaded.search("", f(source="kazakh"))) == {talks, khan_pk, khan_in}
    assert ids(loaded.search("", f(event_type="phone_call"))) == {call}
    assert ids(loaded.search("Putin", f(actor="K. Tokayev"))) == {recs[0].id, call, talks}
    assert ids(loaded.search("", f(country="India"))) == {khan_in}
    assert ids(loaded.search("", f(country="PK"))) == {khan_pk}
    assert loaded.search("", f(actor="Nobody Atall")) == []
    with pytest.raises(StoreError):
        loaded.search("", f(country="Atlantis"))


def test_show_record_round_trips(loaded: Store) -> None:
    rec = tokayev_records()[0]
    got, actors = loaded.get_record(rec.id.removeprefix("sha256:")[:10])
    assert got.to_dict() == rec.to_dict()
    assert actors["e2"] and actors["e2"] != actors["e1"]
    with pytest.raises(StoreError):
        loaded.get_record("sha256:ffffffffffffffff")


def test_actor_profile_timeline_in_date_order(loaded: Store) -> None:
    (tok,) = loaded.find_actors("Kassym-Jomart Tokayev")
    assert tok.documents == 3 and tok.country == "KZ" and tok.name == "Kassym-Jomart Tokayev"
    profile = loaded.actor_profile(tok.id)
    dates = [e["date"] for e in profile.events]
    assert dates == ["2021-11-28", "2022-01-10", "2022-02-01"]
    assert [e["type"] for e in profile.events] == ["meeting", "meeting", "phone_call"]
    assert profile.statements[0]["content"] == "cooperation in energy is growing"
    assert profile.counterparts[0]["name"] == "Vladimir Putin" and profile.counterparts[0]["events"] == 3
    assert profile.roles[0]["title"] == "President"


def test_gold_records_store_and_count(store: Store) -> None:
    records = gold_records()
    if not records:
        pytest.skip(f"no gold records under {SHARED}")
    store.write_batch(records, [])
    st = store.stats()
    assert st["documents"] == len(records)
    assert st["events"] == sum(len(r.events) for r in records)
    assert st["statements"] == sum(len(r.statements) for r in records)
    assert 0 < st["actors"] <= st["entities"]
