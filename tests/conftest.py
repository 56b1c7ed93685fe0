"""Shared fixtures: where ../shared is, the real pipeline (loaded once), the record schema, and
the stores the tests build (an empty one on either backend, or a SQLite file of given records)."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from communique.records import Record
from communique.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COMMUNIQUE_SHARED", ROOT.parent / "shared")).resolve()
SAMPLES = ROOT / "samples"

needs_shared = pytest.mark.skipif(
    not (SHARED / "spec" / "record.schema.json").exists(),
    reason=f"the shared spec, gold set and corpora are not at {SHARED} (set COMMUNIQUE_SHARED)",
)


@pytest.fixture(scope="session")
def nlp():
    """The real pipeline: statistical model plus our components."""
    from communique.extract import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def schema_validator():
    if not (SHARED / "spec" / "record.schema.json").exists():
        pytest.skip(f"record.schema.json is not at {SHARED}/spec")
    import jsonschema

    schema = json.loads((SHARED / "spec" / "record.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


# -- stores -------------------------------------------------------------------------------------
# The PostgreSQL backend needs COMMUNIQUE_TEST_PG (`make test` starts a throwaway server and sets
# it); without it the PostgreSQL parameter skips.

PG_URL = os.environ.get("COMMUNIQUE_TEST_PG")
PG_SKIP = "COMMUNIQUE_TEST_PG is not set: run `make test` (starts a PostgreSQL server) to test that backend"


def _reset_pg(url: str) -> None:
    """Empty the test database: drop and recreate its public schema."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def open_test_store(backend: str, tmp_path: Path) -> Iterator[Store]:
    """A fresh, empty store on `backend` ("sqlite" or "postgresql"); fixtures yield from this."""
    if backend == "sqlite":
        url = str(tmp_path / f"store-{uuid.uuid4().hex[:6]}.db")
    elif not PG_URL:
        pytest.skip(PG_SKIP)
    else:
        _reset_pg(PG_URL)
        url = PG_URL
    with open_store(url) as st:
        yield st


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh, empty store for each test, once per backend: for tests that write."""
    yield from open_test_store(request.param, tmp_path)


def write_store(url: str | Path, records: Iterable[Record]) -> str:
    """Write `records` to the store at `url` (created and migrated if new) and finish the ingest,
    as `communique ingest` does; returns `url` as a string, ready for `create_app`."""
    url = str(url)
    with open_store(url) as st:
        st.write_batch(list(records), [])
        st.finish_ingest(False)
    return url


@pytest.fixture(scope="session")
def serve_records() -> list[Record]:
    """The web app's hand-built sample records (one of them hostile); shared, never modified."""
    from communique.serve.sample import sample_records

    return sample_records()


@pytest.fixture(scope="session")
def serve_db(tmp_path_factory: pytest.TempPathFactory, serve_records: list[Record]) -> str:
    """A SQLite store of `serve_records`, built once per session: read-only, for tests that only
    read it (the web app opens it read-only)."""
    return write_store(tmp_path_factory.mktemp("serve") / "store.db", serve_records)
