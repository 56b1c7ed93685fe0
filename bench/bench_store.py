"""Store benchmark: ingest documents/s and search latency p50/p95 on the shared corpora.

    .venv/bin/python bench/bench_store.py [--db URL] [--limit N] [--n-process N] [--json OUT]

Corpus: the White House readouts and both presidential CSVs under ../shared/corpora (3,361
documents).  Measures, on a fresh store (a temp SQLite file unless --db is given):

* read: ingest + clean of every input (what any run pays before it can skip anything);
* ingest: extraction with the real model and storing, documents/s;
* rerun: the same inputs again - nothing is extracted, so this is read + id lookups;
* search: full-text queries alone and with each filter, p50/p95 over repeated runs.

Not part of `make test`; `make bench` runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from communique.errors import InputError  # noqa: E402
from communique.store import SearchFilters, open_store  # noqa: E402
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
    args = ap.parse_args()

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
