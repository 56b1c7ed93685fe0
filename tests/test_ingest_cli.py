"""`communique ingest` and the query commands end to end, and a run killed with SIGKILL mid-way.

These read real files through the real `pipeline.read` and `pipeline.process`, on spaCy's
model-free pipeline (`blank_nlp`: tokenizer, sentencizer and our rules) so that they stay fast;
the test marked `model` runs the statistical model too.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from typer.testing import CliRunner

from communique.cli import app
from communique.store import open_store
from communique.store import schema as s
from tests.cli_runner import RUNNER
from tests.test_store import PG_SKIP, PG_URL, _reset_pg, table_counts

ROOT = Path(__file__).resolve().parents[1]
PEOPLE = [("Mukhtar Tileuberdi", "Kazakhstan"), ("Sergey Lavrov", "Russia"), ("Wang Yi", "China"),
          ("Antony Blinken", "the United States"), ("Jaishankar Subrahmanyam", "India")]


def write_corpus(folder: Path, n: int) -> list[Path]:
    """`n` tiny invented releases in the scraped-text genre, each different."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        host, host_country = PEOPLE[i % len(PEOPLE)]
        guest, guest_country = PEOPLE[(i + 1) % len(PEOPLE)]
        body = (f"On {1 + i % 28} March 2022, Foreign Minister {host} of {host_country} met with "
                f"Foreign Minister {guest} of {guest_country} to discuss trade and transit corridor "
                f"number {i}.\n\n{host.split()[-1]} said that cooperation on item {i} is growing.\n")
        path = folder / f"release-{i:03d}.txt"
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(autouse=True)
def model_free(monkeypatch: pytest.MonkeyPatch) -> None:
    import communique.store.ingest as ing
    from communique.extract.nlp import blank_nlp

    monkeypatch.setattr(ing, "_load_nlp", blank_nlp)
    monkeypatch.delenv("COMMUNIQUE_DB", raising=False)


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_ingest_then_query_commands(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "docs", 8)
    db = str(tmp_path / "c.db")
    code, output = cli("ingest", str(tmp_path / "docs"), str(tmp_path / "missing.txt"), "--db", db)
    assert code == 0, output
    assert "8 extracted" in output and "1 failed" in output
    code, output = cli("ingest", str(tmp_path / "docs"), "--db", db)
    assert code == 0 and "0 extracted" in output and "8 already stored" in output

    code, output = cli("failures", "--db", db, "--json")
    assert [f["origin"] for f in json.loads(output)] == [str(tmp_path / "missing.txt")]

    code, output = cli("search", "transit corridor", "--db", db, "--json", "--limit", "50")
    hits = json.loads(output)
    assert code == 0 and len(hits) == 8
    code, output = cli("search", '"corridor number 3"', "--db", db, "--json")
    assert len(json.loads(output)) == 1

    code, output = cli("show", hits[0]["doc_id"], "--db", db)
    record = json.loads(output)
    assert code == 0 and record["id"] == hits[0]["doc_id"] and "transit corridor" in record["text"]

    code, output = cli("stats", "--db", db, "--json")
    assert json.loads(output)["documents"] == 8 and json.loads(output)["failures"] == 1
    code, output = cli("actors", "list", "--db", db, "--json")
    assert code == 0 and isinstance(json.loads(output), list)
    assert len(corpus) == 8


def test_actor_command_and_errors(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    from tests.test_store import tokayev_records

    with open_store(db) as store:
        store.write_batch(tokayev_records(), [])
    code, output = cli("actor", "Kassym-Jomart Tokayev", "--db", db, "--json")
    profile = json.loads(output)
    assert code == 0 and profile["actor"]["documents"] == 3
    assert [e["date"] for e in profile["events"]] == sorted(e["date"] for e in profile["events"])
    code, output = cli("actor", "Tokayev", "--db", db)
    assert code == 0 and "phone_call" in output and "Vladimir Putin" in output
    code, output = cli("actor", "Mr. Khan", "--db", db)
    assert code == 1 and "matches 2 actors" in output
    code, output = cli("actors", "merge", "Nobody", "Vladimir Putin", "--db", db)
    assert code == 2 and "no actor" in output
    code, output = cli("search", "--country", "Atlantis", "--db", db)
    assert code == 2 and "unknown country" in output
    code, output = cli("export", "--what", "plover", "--format", "csv", "--db", db)
    assert code == 0 and output.splitlines()[0].startswith("doc_id,event_id,date,plover")


def test_browse_without_datasette_says_how_to_get_it(tmp_path: Path) -> None:
    try:
        import datasette  # noqa: F401
    except ImportError:
        code, output = cli("browse", "--db", str(tmp_path / "c.db"))
        assert code == 1 and "communique[browse]" in output
    else:  # pragma: no cover - it would start a server
        pytest.skip("datasette is installed")


# -- the crash test -----------------------------------------------------------------------------

def _run(args: list[str], env: dict[str, str], script: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(script), *args], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _doc_count(url: str) -> int:
    engine = create_engine(url if "://" in url else f"sqlite:///{url}")
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(s.documents)).scalar() or 0)
    except Exception:  # noqa: BLE001 - not created yet
        return 0
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def crash_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "killed.db")
    elif not PG_URL:
        pytest.skip(PG_SKIP)
    else:
        _reset_pg(PG_URL)
        yield PG_URL


def test_sigkill_mid_ingest_then_rerun_matches_a_clean_run(tmp_path: Path, crash_url: str) -> None:
    write_corpus(tmp_path / "docs", 40)
    script = tmp_path / "runner.py"
    script.write_text(RUNNER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = ["ingest", str(tmp_path / "docs"), "--batch-size", "4", "--db", crash_url]

    proc = _run(args, {**env, "SLOW": "0.1"}, script)
    deadline = time.monotonic() + 120
    while _doc_count(crash_url) < 8 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    killed_at = _doc_count(crash_url)
    assert 8 <= killed_at < 40, f"the run was not killed mid-way ({killed_at} documents stored)"

    # The rerun and a clean run into a new store, side by side.
    rerun = _run(args, env, script)
    clean_db = str(tmp_path / "clean.db")
    clean = _run([*args[:-1], clean_db], env, script)
    for p in (rerun, clean):
        _, stderr = p.communicate(timeout=300)
        assert p.returncode == 0, stderr.decode()

    with open_store(crash_url) as resumed, open_store(clean_db) as fresh:
        assert table_counts(resumed) == table_counts(fresh)
        assert table_counts(resumed)["documents"] == 40
        assert {a.id for a in resumed.iter_actors()} == {a.id for a in fresh.iter_actors()}
        assert len(resumed.search("transit corridor", limit=100)) == 40  # FTS has no duplicates
        if "://" not in crash_url:
            with resumed.engine.connect() as conn:  # type: ignore[attr-defined]
                fts = conn.execute(text("SELECT count(*), count(DISTINCT doc_id) FROM documents_fts")).one()
            assert fts[0] == fts[1] == 40


@pytest.mark.model
def test_real_model_ingest_twice(tmp_path: Path) -> None:
    write_corpus(tmp_path / "docs", 6)
    db = str(tmp_path / "m.db")
    exe = [str(Path(sys.executable).parent / "communique")]
    if not Path(exe[0]).exists():
        pytest.skip("the communique console script is not installed beside this Python")
    args = [*exe, "ingest", str(tmp_path / "docs"), "--db", db]
    first = subprocess.run(args, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "6 extracted" in first.stderr
    second = subprocess.run(args, capture_output=True, text=True)
    assert "0 extracted" in second.stderr and "6 already stored" in second.stderr
    with open_store(db) as store:
        assert store.stats()["documents"] == 6 and store.stats()["entities"] > 0


def test_reprocess_flag_re_extracts_only_stale_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from communique import settings

    write_corpus(tmp_path / "old", 3)
    write_corpus(tmp_path / "new", 5)  # the first three are the same texts as "old"
    db = str(tmp_path / "c.db")
    with monkeypatch.context() as m:
        m.setattr(settings, "EXTRACTOR_VERSION", "0.0.1-old")
        assert cli("ingest", str(tmp_path / "old"), "--db", db)[0] == 0
    code, output = cli("ingest", str(tmp_path / "new"), "--db", db)
    assert "2 extracted" in output and "3 already stored" in output
    code, output = cli("ingest", str(tmp_path / "new"), "--db", db, "--reprocess")
    assert code == 0 and "3 re-extracted" in output and "2 already stored" in output
    code, output = cli("stats", "--db", db, "--json")
    assert json.loads(output)["extractor_versions"] == {settings.EXTRACTOR_VERSION: 5}
