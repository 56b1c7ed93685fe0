"""Ray engine: extraction with 1 and 2 workers (Ray Data, actor pool, Parquet shards) and the
bulk load of the shards into a store.

    .venv/bin/python bench/bench_ray.py [--limit N] [--workers 1 2] [--db URL] [--json out.json]

For each worker count a local Ray (num_cpus = 2, no dashboard) reads the first N White House
files, extracts them and writes result shards; the wall time of that step (cluster start and
actors loading the pipeline included, reported separately as `startup_s`) gives docs/s.  The
shards of the last run are then bulk-loaded into a fresh SQLite store (or `--db`), timed alone.
"""

from __future__ import annotations

import argparse
import glob
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_extract import WHITE_HOUSE, machine  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="first N White House files (default all)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--db", help="store to bulk-load into (default a fresh SQLite file)")
    ap.add_argument("--json")
    args = ap.parse_args()

    import ray

    from communique.engines.ray import RayEngine, bulk_load, iter_shards
    from communique.store import open_store

    paths = sorted(glob.glob(WHITE_HOUSE, recursive=True))[: args.limit]
    from communique import pipeline
    from communique.records import Document

    docs = [d for d in pipeline.read(paths) if isinstance(d, Document)]
    out: dict = {"machine": machine(), "files": len(paths), "docs": len(docs)}
    for workers in args.workers:
        t0 = time.perf_counter()
        with RayEngine(num_workers=workers, batch_size=args.batch_size, num_cpus=2) as engine:
            # a warm pool first: Ray started and the pipeline loaded in every actor, timed apart
            ray.get([a.peak_rss.remote() for a in engine.actors()])
            startup = time.perf_counter() - t0
            t1 = time.perf_counter()
            n = sum(1 for _ in engine.process(iter(docs)))
            wall = time.perf_counter() - t1
            rss = engine.peak_rss()
        out[f"ray_{workers}"] = {"docs": n, "startup_s": round(startup, 1), "seconds": round(wall, 1),
                                 "docs_per_s": round(n / wall, 2),
                                 "actor_peak_rss_mb": [round(r / 2**20) for r in rss]}
        print(workers, out[f"ray_{workers}"], file=sys.stderr, flush=True)
    if {1, 2} <= set(args.workers):
        out["scaling"] = round(out["ray_2"]["docs_per_s"] / out["ray_1"]["docs_per_s"], 3)

    # the bulk path end to end: Ray Data read -> extract (2 actors) -> Parquet shards
    tmp = tempfile.mkdtemp(prefix="bench-ray-")
    shards = f"{tmp}/shards"
    t0 = time.perf_counter()
    with RayEngine(num_workers=max(args.workers), batch_size=args.batch_size, num_cpus=2) as engine:
        engine.extract_to_parquet(paths, shards)
    wall = time.perf_counter() - t0
    rows = sum(len(b) for b in iter_shards(shards))
    out["ray_data_to_shards"] = {"workers": max(args.workers), "docs": rows, "seconds": round(wall, 1),
                                 "docs_per_s": round(rows / wall, 2), "includes": "Ray start, actor load"}
    print(out["ray_data_to_shards"], file=sys.stderr, flush=True)

    db = args.db or f"{tmp}/bulk.db"
    with open_store(db) as store:
        t0 = time.perf_counter()
        report = bulk_load(store, iter_shards(shards))
        load = time.perf_counter() - t0
    out["bulk_load"] = {"store": db.split("://")[0] if "://" in db else "sqlite", "records": report.extracted,
                        "seconds": round(load, 2), "records_per_s": round(report.extracted / load, 1)}
    out["machine_after"] = machine()["loadavg"]
    text = json.dumps(out, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
