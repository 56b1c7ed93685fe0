"""Engines: the same records whichever engine runs the pipeline, streamed in order.

The fast tests use the model-free pipeline; the `model` ones run the real English pipeline on six
invented releases through local (1 and 2 processes) and Ray (actor pool, and the Ray Data path
to Parquet shards and the store) and compare `Record.to_dict()`.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from pathlib import Path

import pytest

from communique import pipeline
from communique.engines import get_engine
from communique.engines.local import LocalEngine, chunk_size, chunks, ordered_window
from communique.errors import InputError
from communique.extract.nlp import blank_nlp
from communique.records import Document

RELEASES = [
    ("Minister Aldous Varga received the Ambassador of Norland", "2024-03-04",
     "On 4 March, Minister of Foreign Affairs Aldous Varga received the Ambassador of Norland, "
     "Petra Olsen, in Astoria. The sides discussed trade, energy and the upcoming session of the "
     "intergovernmental commission. \"Our cooperation has never been stronger,\" Varga said."),
    ("Round table on regional security", "2024-05-12",
     "The Institute of Strategic Studies, together with the Embassy of Kestria, organized a round "
     "table on regional security. The main speakers were Ambassador Lena Moor and Professor Ivan "
     "Tal. In her speech, Ambassador Moor emphasized the role of dialogue."),
    ("Phone call with the Foreign Minister of Valdia", "2024-06-01",
     "Deputy Foreign Minister Omar Reyes held a telephone conversation with the Foreign Minister of "
     "Valdia, Sofia Brandt. They agreed to hold political consultations in Valdia in the autumn."),
    ("Signing of a memorandum on education", "2024-07-19",
     "A memorandum of understanding on cooperation in higher education was signed in Astoria by "
     "the Ministers of Education of Norland and Kestria. Minister Hana Park stated that the "
     "agreement would open new exchange programmes for students."),
    ("Ambassador presents credentials", "2024-09-02",
     "Ambassador Tomas Weir presented his credentials to the President of Valdia, Marta Kell. "
     "President Kell noted the long friendship between the two nations."),
    ("Humanitarian aid delivered", "2024-10-10",
     "The Government of Norland delivered 40 tonnes of humanitarian aid to the flood-affected "
     "regions of Kestria. The Ministry of Emergency Situations said further shipments are planned."),
]


def write_inputs(folder: Path) -> list[str]:
    """The six releases as a text file, a markdown file, two JSON Lines rows and two CSV rows."""
    (t0, d0, b0), (t1, d1, b1), *rows = RELEASES
    (folder / "a.txt").write_text(f"{t0}\n\n{b0}\n", encoding="utf-8")
    (folder / "b.md").write_text(f"---\ntitle: {t1}\ndate: {d1}\n---\n\n{b1}\n", encoding="utf-8")
    with (folder / "c.jsonl").open("w", encoding="utf-8") as f:
        for t, d, b in rows[:2]:
            f.write(json.dumps({"title": t, "date": d, "text": b}) + "\n")
    with (folder / "d.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["title", "date", "text"])
        w.writerows(rows[2:])
    return [str(folder / n) for n in ("a.txt", "b.md", "c.jsonl", "d.csv")]


def documents(paths: list[str]) -> list[Document]:
    docs = list(pipeline.read(paths))
    assert all(isinstance(d, Document) for d in docs)
    return docs  # type: ignore[return-value]


# -- fast: no model -----------------------------------------------------------------------------

def test_ordered_window_keeps_order_and_bounds_in_flight():
    in_flight: list[int] = []
    submitted: list[int] = []

    def submit(x: int) -> int:
        submitted.append(x)
        in_flight.append(len(submitted) - len(done))
        return x * 10

    done: list[int] = []

    def wait(fut: int) -> int:
        done.append(fut)
        return fut

    assert list(ordered_window(submit, iter(range(10)), 3, wait)) == [x * 10 for x in range(10)]
    assert max(in_flight) <= 3


def test_chunking():
    assert [len(c) for c in chunks(iter(range(7)), 3)] == [3, 3, 1]
    assert chunk_size(list(range(10)), 32, 2) == 5  # a short list is split between workers
    assert chunk_size(iter(range(10)), 32, 2) == 32  # a stream is not measured


def test_engine_streams_without_reading_ahead(tmp_path):
    """The engine pulls input only as it goes: a bounded window, not the whole stream."""
    nlp = blank_nlp()
    pulled = 0

    def stream():
        nonlocal pulled
        for i in range(10_000):
            pulled += 1
            yield Document(text=f"Minister Aldous Varga met the Ambassador number {i}.", origin=f"s{i}")

    out = LocalEngine(1, batch_size=8, nlp=nlp).process(stream())
    first = [next(out) for _ in range(3)]
    assert [r.origin for r in first] == ["s0", "s1", "s2"]
    assert pulled <= 16


def test_local_engine_same_records_with_one_and_two_processes(tmp_path):
    nlp = blank_nlp()
    docs = documents(write_inputs(tmp_path))
    one = [r.to_dict() for r in LocalEngine(1, nlp=nlp).process(docs)]
    with LocalEngine(2, batch_size=2, nlp=nlp) as engine:
        two = [r.to_dict() for r in engine.process(iter(docs))]
        again = [r.to_dict() for r in engine(docs)]  # as a store extractor: list in, results out
    assert len(one) == 6
    assert one == two == again
    assert one == [r.to_dict() for r in pipeline.process(docs, n_process=2, nlp=nlp)]


def test_ray_rows_round_trip(tmp_path):
    from communique.engines.ray import document_row, result_row, row_document, row_result

    nlp = blank_nlp()
    docs = documents(write_inputs(tmp_path))
    for d in docs:
        assert row_document(document_row(d)) == d
    for r in pipeline.process(docs, nlp=nlp):
        assert row_result(result_row(r)).to_dict() == r.to_dict()
    err = row_result(result_row(InputError("x.txt", "empty file")))
    assert isinstance(err, InputError) and (err.origin, err.reason) == ("x.txt", "empty file")


def test_unknown_engine():
    with pytest.raises(ValueError, match="unknown engine"):
        get_engine("spark")


# -- the real pipeline: local 1, local 2, Ray -----------------------------------------------------

@pytest.mark.model
def test_engines_give_identical_records(tmp_path, nlp):
    pytest.importorskip("ray")
    import pyarrow as pa
    import pyarrow.parquet as pq

    from communique.engines.ray import RayEngine, bulk_load, iter_shards
    from communique.store import open_store
    from communique.store.ingest import ingest as store_ingest

    paths = write_inputs(tmp_path)
    docs = documents(paths)
    local1 = [r.to_dict() for r in LocalEngine(1, nlp=nlp).process(docs)]
    with LocalEngine(2, nlp=nlp) as engine:
        local2 = [r.to_dict() for r in engine.process(docs)]
    assert len(local1) == 6 and local1 == local2
    assert all(r["entities"] for r in local1)

    parquet = tmp_path / "p" / "rows.parquet"
    parquet.parent.mkdir()
    pq.write_table(pa.Table.from_pylist([{"title": t, "date": d, "text": b} for t, d, b in RELEASES]),
                   parquet)
    shards = tmp_path / "shards"
    with RayEngine(num_workers=2, batch_size=2) as ray_engine:
        by_actors = [r.to_dict() for r in ray_engine.process(iter(docs))]
        _, missing = ray_engine.extract_to_parquet([*paths, str(parquet.parent)], str(shards))
        assert all(rss < 1.5 * 1024**3 for rss in ray_engine.peak_rss())
    assert not missing
    assert by_actors == local1
    shard_results = [r for batch in iter_shards(str(shards)) for r in batch]
    assert [r.to_dict() for r in shard_results[:6]] == local1
    from_parquet = [r.to_dict() for r in shard_results[6:]]
    assert len(from_parquet) == 6
    # Parquet rows carry the same text, so the same records apart from where they came from
    strip = [{k: v for k, v in r.items() if k not in ("origin", "source")} for r in local1]
    assert sorted(json.dumps(r, sort_keys=True) for r in strip[2:]) == sorted(
        json.dumps({k: v for k, v in r.items() if k not in ("origin", "source")}, sort_keys=True)
        for r in from_parquet[2:])

    # the bulk load gives the store what the batch ingest gives it
    with open_store(str(tmp_path / "ray.db")) as store:
        report = bulk_load(store, iter_shards(str(shards)))
        assert report.extracted == 12 - report.duplicates and report.failed == 0
        ray_stored = {d["id"]: store.get_record(d["id"])[0].to_dict() for d in local1}
    with open_store(str(tmp_path / "local.db")) as store:
        store_ingest(paths, store, extractor=LocalEngine(1, nlp=nlp))
        local_stored = {d["id"]: store.get_record(d["id"])[0].to_dict() for d in local1}
    assert ray_stored == local_stored


WORKER_PIDS_THEN_DIE = """
import os, signal
from communique.engines.local import LocalEngine
from communique.extract.nlp import blank_nlp
from communique.records import Document
engine = LocalEngine(2, nlp=blank_nlp())
list(engine.process([Document(text=f"Minister {i} spoke.", origin=str(i)) for i in range(8)]))
print(" ".join(str(p) for p in engine._pool._processes), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux-only")
def test_workers_die_with_a_killed_parent():
    """A SIGKILLed ingest must not leave its worker processes behind, waiting forever."""
    import subprocess

    out = subprocess.run([sys.executable, "-c", WORKER_PIDS_THEN_DIE], capture_output=True, text=True,
                         timeout=120).stdout
    pids = [int(p) for p in out.split()]
    assert len(pids) == 2
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.1)
    assert not [p for p in pids if _alive(p)]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie has exited; only its parent (here: init) has yet to reap it
    with open(f"/proc/{pid}/stat") as f:
        return f.read().split(") ")[-1][0] != "Z"
