# ruff: noqa: E501 - long literal test data and parameter lists read better on one line
"""Crash safety of `communique ingest` on SQLite: SIGKILLed at random moments, several times over.

After every kill the store must pass `PRAGMA integrity_check`, hold no partial record (each
document row has its record JSON, and its entity/event/participant/statement/FTS rows agree with
that JSON) and no duplicate; readers running alongside the writer never see an error or a
half-written batch; a final rerun completes and loses nothing.  (`tests/test_ingest_cli.py` has
the single kill-and-compare test; this one goes further: repeated random kills, hostile inputs in
the batch, invariants after each kill, concurrent readers.)
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.cli_runner import RUNNER

ROOT = Path(__file__).resolve().parents[1]
N_DOCS = 60
BAD = {"broken.jsonl": b'{"text": "A fine row about the corridor."}\n{broken\n', "binary.txt": b"\x00\x01\x02binary",
       "bad-yaml.md": b"---\ntitle: [unclosed\n---\nBody.\n"}


PEOPLE = [("Mukhtar Tileuberdi", "Kazakhstan"), ("Sergey Lavrov", "Russia"), ("Wang Yi", "China"),
          ("Antony Blinken", "the United States"), ("Subrahmanyam Jaishankar", "India")]


def _corpus(folder: Path) -> None:
    folder.mkdir()
    for i in range(N_DOCS):
        host, hc = PEOPLE[i % 5]
        guest, gc = PEOPLE[(i + 2) % 5]
        (folder / f"r{i:03d}.txt").write_text(
            f"On {1 + i % 28} May 2023, Foreign Minister {host} of {hc} met Foreign Minister {guest} "
            f"of {gc} in Astana to discuss corridor {i}.\n\n{host.split()[-1]} said: \"Our work on "
            f"item {i} goes on.\"\n", encoding="utf-8")
    for name, data in BAD.items():
        (folder / name).write_bytes(data)


def _start(db: Path, docs: Path, script: Path, slow: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SLOW": slow}
    env.pop("COMMUNIQUE_DB", None)
    return subprocess.Popen([sys.executable, str(script), "ingest", str(docs), "--db", str(db),
                             "--batch-size", "4"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def check_store(db: Path) -> dict[str, int]:
    """The invariants; returns row counts."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        docs = conn.execute("SELECT id, origin, record, text FROM documents").fetchall()
        ids = [d[0] for d in docs]
        origins = [d[1] for d in docs]
        assert len(ids) == len(set(ids)) and len(origins) == len(set(origins)), "duplicate documents"
        for doc_id, origin, raw, text in docs:
            record = json.loads(raw)  # every row has its whole record
            assert record["id"] == doc_id and record["origin"] == origin and text
            counts = {t: conn.execute(f"SELECT count(*) FROM {t} WHERE doc_id = ?", (doc_id,)).fetchone()[0]
                      for t in ("entities", "events", "statements", "participants", "documents_fts")}
            assert counts["entities"] == len(record["entities"]), (origin, counts)
            assert counts["events"] == len(record["events"]), (origin, counts)
            assert counts["statements"] == len(record["statements"]), (origin, counts)
            parts = {(v["id"], p["entity"], p["role"]) for v in record["events"] for p in v["participants"]}
            assert counts["participants"] == len(parts), (origin, counts)
            assert counts["documents_fts"] == 1, (origin, counts)
        orphans = conn.execute(
            "SELECT count(*) FROM (SELECT doc_id FROM entities UNION ALL SELECT doc_id FROM events "
            "UNION ALL SELECT doc_id FROM statements UNION ALL SELECT doc_id FROM participants "
            "UNION ALL SELECT doc_id FROM documents_fts) WHERE doc_id NOT IN (SELECT id FROM documents)"
        ).fetchone()[0]
        assert orphans == 0, "child rows without their document"
        dangling = conn.execute("SELECT count(*) FROM entities WHERE actor_id IS NOT NULL AND actor_id "
                                "NOT IN (SELECT id FROM actors)").fetchone()[0]
        assert dangling == 0, "entities pointing at actors that were never written"
        failures = [r[0] for r in conn.execute("SELECT origin FROM failures")]
        assert len(failures) == len(set(failures))
        return {"documents": len(ids), "failures": len(failures)}
    finally:
        conn.close()


def _stored(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


class Readers:
    """Threads that keep querying the store while the ingest writes: each read is one snapshot."""

    def __init__(self, db: Path, n: int = 2) -> None:
        self.db, self.stop, self.reads, self.errors = db, threading.Event(), 0, []
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(n)]

    def __enter__(self) -> Readers:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=30)

    def _run(self) -> None:
        while not self.stop.is_set():
            if not self.db.exists():
                time.sleep(0.02)
                continue
            try:
                conn = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=30)
                try:
                    conn.execute("BEGIN")
                    n = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
                    fts = conn.execute("SELECT count(*) FROM documents_fts").fetchone()[0]
                    hits = conn.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH "
                                        "'\"corridor\"'").fetchone()[0]
                    conn.execute("COMMIT")
                    assert n == fts == hits, f"half-written batch seen: {n} documents, {fts} indexed, {hits} hits"
                    self.reads += 1
                finally:
                    conn.close()
            except sqlite3.OperationalError as exc:
                if "no such table" not in str(exc):  # the schema is not created yet
                    self.errors.append(repr(exc))
            except AssertionError as exc:
                self.errors.append(str(exc))
            time.sleep(0.005)


def test_random_sigkills_leave_a_consistent_store_and_a_rerun_completes(tmp_path: Path) -> None:
    docs, db, script = tmp_path / "docs", tmp_path / "crash.db", tmp_path / "runner.py"
    _corpus(docs)
    script.write_text(RUNNER, encoding="utf-8")
    rnd = random.Random(int(os.environ.get("CRASH_SEED", "9")))
    history = []
    with Readers(db) as readers:
        for i in range(5):
            before = _stored(db)
            proc = _start(db, docs, script, slow="0.03")
            if i == 0:
                time.sleep(rnd.uniform(0.2, 1.0))  # while starting up / opening the store
            else:  # after a random number of new commits, at a random moment inside the next batch
                target = before + rnd.randint(1, 12)
                deadline = time.monotonic() + 120
                while _stored(db) < target and proc.poll() is None and time.monotonic() < deadline:
                    time.sleep(0.01)
                time.sleep(rnd.uniform(0, 0.15))
            finished = proc.poll() is not None
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
            if db.exists():
                history.append((finished, check_store(db)))
        final = _start(db, docs, script, slow="0")
        out, err = final.communicate(timeout=600)
        assert final.returncode == 0, err.decode()
    counts = check_store(db)
    assert counts == {"documents": N_DOCS + 1, "failures": 3}, counts  # + the good JSONL row
    stored = [c["documents"] for _, c in history]
    assert stored == sorted(stored), "a kill lost documents that an earlier run had committed"
    assert any(0 < n < N_DOCS + 1 for n in stored), f"no kill landed mid-ingest: {history}"
    assert readers.errors == [], readers.errors[:3]
    assert readers.reads > 20
    print(f"\n{len(history)} SIGKILLs (documents stored after each: {stored}), "
          f"{readers.reads} concurrent reads, 0 reader errors; rerun stored {counts}")
