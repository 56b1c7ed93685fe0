"""Store benchmark: ingest documents/s and search latency p50/p95 on the shared corpora.

    .venv/bin/python bench/bench_store.py [--db URL] [--limit N] [--n-process N] [--json OUT]

Corpus: the White House readouts and both presidential CSVs under ../shared/corpora (3,361
documents).  Measures, on a fresh store (a temp SQLite file unless --db is given):

* read: ingest + clean of every input (what any run pays before it can skip anything);
* ingest: extraction with the real model and storing, documents/s;
* rerun: the same inputs again - nothing is extracted, so this is read + id lookups;
* search: full-text queries alone and with each filter, p50/p95 over repeated runs.

    scripts/pg-test-server.sh .venv/bin/python bench/bench_store.py --bulk-load [--limit 300]

`--bulk-load` measures storing instead, side by side on the same already-extracted records (the
first N White House files extracted once, or `--records-from STORE` read back from a store):
records/s of `write_batch` on SQLite, `write_batch` (executemany) on PostgreSQL and `bulk_write`
(COPY) on PostgreSQL, in batches of 256 as the Ray engine's bulk load writes them, each into an
empty store and then again over the same ids (the replace path).  PostgreSQL is the server at
`--pg` or COMMUNIQUE_TEST_PG (scripts/pg-test-server.sh sets it); without one only SQLite runs.

Not part of `make test`; `make bench` runs it.
"""

from __future__ import annotations

import argparse
import glob
import itertools
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_extract import WHITE_HOUSE as WHITE_HOUSE_FILES  # noqa: E402
from bench_extract import machine  # noqa: E402

from communique.engines.ray import LOAD_BATCH  # noqa: E402  (records per bulk-load transaction)
from communique.errors import InputError  # noqa: E402
from communique.records import Document, Record  # noqa: E402
from communique.store import SearchFilters, Store, open_store  # noqa: E402
from communique.store.ingest import IngestReport, PipelineExtractor, ingest_documents, read_stream  # noqa: E402

SHARED = Path(os.environ.get("COMMUNIQUE_SHARED", ROOT.parent / "shared")).resolve()
WHITE_HOUSE = "corpora/whitehouse_readouts_joint_statements"
CORPUS = [
    # The category folders, not the corpus root: its SOURCE.md is not a release.
    *(f"{WHITE_HOUSE}/{d}" for d in ("briefings-statements", "presidential-actions", "press-briefings",
                                      "speeches-remarks", "statements-releases")),
    "corpora/kremlin_and_ukraine_president_press_releases/press_release_data/putin.csv",
    "corpora/kremlin_and_ukraine_president_press_releases/press_release_data/zelenskyy.csv",
]
QUERIES = ["telephone conversation", "bilateral cooperation", "Tokayev", "security assistance",
           "climate change", "\"joint statement\"", "energy", "trade and investment", "Ukraine",
           "humanitarian aid", "summit", "vaccine", "nuclear", "Kazakhstan", "Indo-Pacific"]
FILTERS = {
    "none": SearchFilters(),
    "date range": SearchFilters(date_from="2022-01-01", date_to="2022-06-30"),
    "source": SearchFilters(source="Kremlin"),
    "event type": SearchFilters(event_type="phone_call"),
    "actor": SearchFilters(actor="Kassym-Jomart Tokayev"),
    "country": SearchFilters(country="KZ"),
}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench_search(store, repeats: int) -> dict[str, dict[str, float]]:  # noqa: ANN001
    out = {}
    for label, filters in FILTERS.items():
        times = []
        for _ in range(repeats):
            for q in QUERIES:
                t = time.perf_counter()
                store.search(q, filters, limit=20)
                times.append((time.perf_counter() - t) * 1000)
        out[label] = {"p50_ms": round(percentile(times, 0.5), 2), "p95_ms": round(percentile(times, 0.95), 2),
                      "queries": len(times)}
    return out


def report_search(results: dict[str, dict[str, float]]) -> None:
    for label, r in results.items():
        print(f"search [{label}]: p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms over {r['queries']} queries")


# -- bulk load: write_batch vs bulk_write on the same records ------------------------------------

BULK_SCHEMA = "bench_bulk"  # the fresh PostgreSQL schema each run writes into
TARGETS = [("sqlite", "write_batch"), ("postgresql", "write_batch"), ("postgresql", "bulk_write")]


def bulk_records(args: argparse.Namespace) -> tuple[list[Record], dict[str, Any]]:
    """The records to store, made once: extracted from the first N White House files, or read
    back from `--records-from`; one per id (a repeated id would turn a load into a replace)."""
    if args.records_from:
        with open_store(args.records_from) as src:
            records = [rec for rec, _ in itertools.islice(src.iter_records(), args.limit)]
        info: dict[str, Any] = {"records_from": args.records_from}
    else:
        from communique import pipeline

        paths = sorted(glob.glob(WHITE_HOUSE_FILES, recursive=True))[: args.limit or 300]
        docs = [d for d in pipeline.read(paths) if isinstance(d, Document)]
        extractor = PipelineExtractor(n_process=args.n_process)
        list(extractor(docs[:1]))  # loads the model (and starts workers): not part of the rate
        t = time.perf_counter()
        results = list(extractor(docs))
        extract_s = time.perf_counter() - t
        extractor.close()
        records = [r for r in results if isinstance(r, Record)]
        info = {"files": len(paths), "documents": len(docs), "extract_s": round(extract_s, 1),
                "extract_docs_per_s": round(len(docs) / extract_s, 2), "n_process": args.n_process}
        print(f"extracted {len(records)} records from {len(docs)} documents in {extract_s:.1f}s "
              f"= {info['extract_docs_per_s']} docs/s ({args.n_process} process)", flush=True)
    return list({r.id: r for r in records}.values()), info


def row_count(rec: Record) -> int:
    """Rows one record becomes: its document, entities, events, participants and statements."""
    parts = {(ev.id, p.entity, p.role) for ev in rec.events for p in ev.participants}
    return 1 + len(rec.entities) + len(rec.events) + len(parts) + len(rec.statements)


def fresh_store(backend: str, pg_url: str | None, tmp: Path, run: int) -> Store:
    if backend == "sqlite":
        return open_store(str(tmp / f"bulk-{run}.db"))
    assert pg_url
    reset_schema(pg_url, drop_only=False)
    from sqlalchemy.engine import make_url

    # Every connection of this store sees only the fresh schema.
    url = make_url(pg_url).update_query_dict({"options": f"-csearch_path={BULK_SCHEMA}"})
    return open_store(url.render_as_string(hide_password=False))


def reset_schema(pg_url: str, drop_only: bool) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {BULK_SCHEMA} CASCADE"))
        if not drop_only:
            conn.execute(text(f"CREATE SCHEMA {BULK_SCHEMA}"))
    engine.dispose()


@contextmanager
def timed_row_loads(spent: dict[str, float]) -> Iterator[None]:
    """Add to `spent` (per table) the time of the one step the two paths differ in: the loader
    `write_batch` (executemany) and `bulk_write` (COPY) hand the document and child-table rows
    to.  Both are module functions looked up at call time, so wrapping them times exactly that
    step; the actors' inserts (executemany on both paths) are left out."""
    from communique.store import postgres, sql

    def wrap(loader: Any) -> Any:
        def timed(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
            t = time.perf_counter()
            loader(conn, table, rows)
            if table.name != "actors":
                spent[table.name] = spent.get(table.name, 0.0) + time.perf_counter() - t
        return timed

    saved = sql._insert_many, postgres.copy_rows
    sql._insert_many, postgres.copy_rows = wrap(saved[0]), wrap(saved[1])
    try:
        yield
    finally:
        sql._insert_many, postgres.copy_rows = saved


def time_writes(store: Store, method: str, records: list[Record]) -> tuple[float, dict[str, float]]:
    """Seconds to write `records` in LOAD_BATCH transactions, and of those in the rows step of
    each table."""
    write = getattr(store, method)
    spent: dict[str, float] = {}
    with timed_row_loads(spent):
        t = time.perf_counter()
        for i in range(0, len(records), LOAD_BATCH):
            write(records[i:i + LOAD_BATCH], [])
        total = time.perf_counter() - t
    return total, spent


def bench_bulk_load(args: argparse.Namespace) -> dict[str, Any]:
    pg_url = args.pg or os.environ.get("COMMUNIQUE_TEST_PG")
    targets = [t for t in TARGETS if pg_url or t[0] == "sqlite"]
    if not pg_url:
        print("PostgreSQL not measured: no --pg and COMMUNIQUE_TEST_PG is not set "
              "(run under scripts/pg-test-server.sh)", flush=True)
    records, info = bulk_records(args)
    rows = sum(row_count(r) for r in records)
    out: dict[str, Any] = {"machine": machine(), "records": len(records), "rows": rows,
                           "batch": LOAD_BATCH, "repeats": args.repeats, "source": info}
    times: dict[str, dict[str, list[tuple[float, dict[str, float]]]]] = {
        f"{b} {m}": {"empty": [], "replace": []} for b, m in targets}
    stats: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.repeats):
            # Rotate the order so no target always runs first (or after the same neighbour).
            for backend, method in targets[run % len(targets):] + targets[:run % len(targets)]:
                key = f"{backend} {method}"
                with fresh_store(backend, pg_url, Path(tmp), run) as store:
                    times[key]["empty"].append(time_writes(store, method, records))
                    times[key]["replace"].append(time_writes(store, method, records))
                    stats[key] = {k: v for k, v in store.stats().items() if isinstance(v, int)}
    if pg_url:
        reset_schema(pg_url, drop_only=True)
    out["machine_after"] = machine()["loadavg"]
    out["same_contents"] = all(st == next(iter(stats.values())) for st in stats.values())
    out["results"] = {key: {phase: rate_summary(ts, len(records)) for phase, ts in t.items()}
                      for key, t in times.items()}
    return out


def rate_summary(runs: list[tuple[float, dict[str, float]]], n: int) -> dict[str, Any]:
    seconds = [total for total, _ in runs]
    med = statistics.median(seconds)
    tables = runs[0][1].keys()
    return {"median_s": round(med, 3), "records_per_s": round(n / med, 1),
            "min_max_records_per_s": [round(n / max(seconds), 1), round(n / min(seconds), 1)],
            "rows_step_median_s": round(statistics.median([sum(step.values()) for _, step in runs]), 3),
            "rows_step_median_s_by_table": {t: round(statistics.median([step[t] for _, step in runs]), 3)
                                            for t in tables},
            "runs_s": [round(s, 3) for s in seconds]}


def report_bulk_load(out: dict[str, Any]) -> None:
    m = out["machine"]
    print(f"bulk load: {out['records']} records ({out['rows']} rows), batches of {out['batch']}, "
          f"median of {out['repeats']} runs; commit {m['commit']}, load {m['loadavg']} -> "
          f"{out['machine_after']}; same store contents on every target: {out['same_contents']}")
    for key, phases in out["results"].items():
        cells = [f"{phase} {r['records_per_s']} records/s ({r['median_s']} s, rows step "
                 f"{r['rows_step_median_s']} s of which documents "
                 f"{r['rows_step_median_s_by_table'].get('documents', 0)} s; range "
                 f"{r['min_max_records_per_s'][0]}-{r['min_max_records_per_s'][1]})"
                 for phase, r in phases.items()]
        print(f"  {key:<23} " + "; ".join(cells))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="store URL (default: a new temp SQLite file)")
    ap.add_argument("--limit", type=int, help="only the first N documents")
    ap.add_argument("--every", type=int, default=1, help="every Nth document: a sample of all sources")
    ap.add_argument("--n-process", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument("--search-only", action="store_true", help="only time searches on an existing --db")
    ap.add_argument("--bulk-load", action="store_true",
                    help="time write_batch vs bulk_write (COPY) on the same records instead")
    ap.add_argument("--pg", help="PostgreSQL URL for --bulk-load (default COMMUNIQUE_TEST_PG)")
    ap.add_argument("--records-from", help="--bulk-load: read the records from this store, not extract")
    args = ap.parse_args()

    if args.bulk_load:
        out = bench_bulk_load(args)
        report_bulk_load(out)
        if args.json:
            Path(args.json).write_text(json.dumps(out, indent=2), encoding="utf-8")
        return

    paths = [str(SHARED / p) for p in CORPUS]
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        sys.exit(f"corpus not found: {', '.join(missing)} (set COMMUNIQUE_SHARED)")
    tmp = tempfile.TemporaryDirectory()
    db = args.db or str(Path(tmp.name) / "bench.db")
    if args.search_only:
        with open_store(db) as store:
            store.search("warm up")
            report_search(bench_search(store, args.repeats))
        return

    t = time.perf_counter()
    # The benchmark samples every Nth document, so it keeps its (small) list in memory.
    seen = IngestReport()
    items = list(read_stream(paths, None, None, seen))
    docs = [d for d in items if not isinstance(d, InputError)]
    failures, dups = [e for e in items if isinstance(e, InputError)], seen.duplicates
    read_s = time.perf_counter() - t
    docs = docs[:: args.every][: args.limit] if args.limit else docs[:: args.every]
    print(f"read {len(docs)} documents ({len(failures)} failed, {dups} duplicates) in {read_s:.1f}s",
          flush=True)

    results: dict = {"documents": len(docs), "read_failures": len(failures), "duplicates": dups,
                     "read_s": round(read_s, 2), "db": "sqlite" if "://" not in db else db.split(":")[0]}
    with open_store(db) as store:
        extractor = PipelineExtractor(n_process=args.n_process)

        def tick(r) -> None:  # noqa: ANN001
            if r.done % 320 < args.batch_size:
                print(f"  {r.done}/{len(docs)} {r.rate:.1f} docs/s", flush=True)

        report = ingest_documents(docs, store, extractor=extractor, batch_size=args.batch_size, progress=tick)
        results["ingest_s"] = round(report.seconds, 1)
        results["ingest_docs_per_s"] = round(report.extracted / report.seconds, 2) if report.seconds else None
        results["extraction_failures"] = report.failed
        print(f"ingest: {report.extracted} extracted in {report.seconds:.1f}s "
              f"= {results['ingest_docs_per_s']} docs/s ({report.failed} failed)", flush=True)

        t = time.perf_counter()
        again = ingest_documents(docs, store, extractor=extractor, batch_size=args.batch_size)
        results["rerun_s"] = round(time.perf_counter() - t, 2)
        results["rerun_extracted"] = again.extracted
        print(f"rerun: {again.extracted} extracted, {again.skipped} skipped in {results['rerun_s']}s "
              f"(+ {read_s:.1f}s reading)", flush=True)

        results["stats"] = {k: v for k, v in store.stats().items() if not isinstance(v, dict)}
        results["search"] = bench_search(store, args.repeats)
    report_search(results["search"])
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    tmp.cleanup()


if __name__ == "__main__":
    main()
