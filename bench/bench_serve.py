"""Latency of the web app over loopback: search and actor pages (HTML and API), p50/p95.

    python bench/bench_serve.py [--db STORE] [--docs N] [--requests N]

With --db, measures that store (e.g. one ingested from the 3,361-document corpus).  Without it,
builds a temporary SQLite store of N synthetic records (default 3,361, the corpus's size; no
model needed).  The server runs in this process on a free 127.0.0.1 port; requests are bounded
in number and go to loopback only.  Not part of the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn
from sqlalchemy import func, select

from communique.serve.app import create_app
from communique.store import open_store
from communique.store.schema import actors, entities

TARGET_P95_MS = 100.0
QUERIES = ["cooperation", "energy transit", "summit", "regional security", "\"bilateral relations\"",
           "investment", "minister", "delegation forum", "trade", "water"]


def build_store(n: int) -> str:
    from communique.serve.sample import synthetic_records

    path = Path(tempfile.mkdtemp(prefix="communique-bench-")) / "store.db"
    t0 = time.perf_counter()
    with open_store(str(path)) as store:
        recs = synthetic_records(n)
        for i in range(0, len(recs), 500):
            store.write_batch(recs[i:i + 500], [])
        store.finish_ingest(False)
    print(f"built a store of {n} synthetic documents in {time.perf_counter() - t0:.1f}s: {path}")
    return str(path)


def top_actors(db: str, k: int) -> list[str]:
    store = open_store(db)
    try:
        with store.engine.connect() as conn:  # type: ignore[attr-defined]
            n = func.count(entities.c.doc_id)
            rows = conn.execute(select(actors.c.id).join(entities, entities.c.actor_id == actors.c.id)
                                .where(actors.c.kind == "person").group_by(actors.c.id)
                                .order_by(n.desc()).limit(k)).scalars().all()
    finally:
        store.close()
    return list(rows)


def serve(db: str) -> tuple[uvicorn.Server, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(db, freeze_heap=True)  # as `communique serve` does
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise SystemExit("server did not start")
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def measure(client: httpx.Client, urls: list[str]) -> dict[str, float]:
    for u in urls[:5]:  # warm up
        client.get(u)
    times = []
    for u in urls:
        t0 = time.perf_counter()
        r = client.get(u)
        times.append((time.perf_counter() - t0) * 1000)
        if r.status_code != 200:
            raise SystemExit(f"{u}: HTTP {r.status_code}: {r.text[:200]}")
    times.sort()
    return {"n": len(times), "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1), "max_ms": round(times[-1], 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="an existing store (path or postgresql:// URL)")
    ap.add_argument("--docs", type=int, default=3361, help="synthetic documents when no --db")
    ap.add_argument("--requests", type=int, default=200, help="requests per page kind (at most 2000)")
    args = ap.parse_args()
    n_req = max(20, min(2000, args.requests))
    db = args.db or build_store(args.docs)
    ids = top_actors(db, 50)
    if not ids:
        raise SystemExit("the store has no person actors")
    rng = random.Random(1)
    load_before = os.getloadavg()
    server, base = serve(db)
    results = {}
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            pages = {
                "search page": [f"/search?q={rng.choice(QUERIES)}" for _ in range(n_req)],
                "search page (no query, facets only)": ["/search"] * (n_req // 4),
                "search API": [f"/api/search?q={rng.choice(QUERIES)}" for _ in range(n_req)],
                "actor page": [f"/actors/{rng.choice(ids)}" for _ in range(n_req)],
                "actor API": [f"/api/actors/{rng.choice(ids)}" for _ in range(n_req)],
            }
            for name, urls in pages.items():
                results[name] = measure(client, urls)
    finally:
        server.should_exit = True
    width = max(map(len, results))
    print(f"{'':{width}}  {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, r in results.items():
        flag = "" if r["p95_ms"] < TARGET_P95_MS else f"  over the {TARGET_P95_MS:.0f} ms target"
        print(f"{name:{width}}  {r['n']:>5} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['max_ms']:>8}{flag}")
    load_after = os.getloadavg()
    cores = os.cpu_count()
    print(f"load average (1 min): {load_before[0]:.1f} before, {load_after[0]:.1f} after; {cores} cores")
    print(json.dumps({"store": db, "results": results, "loadavg": [load_before[0], load_after[0]]}))


if __name__ == "__main__":
    main()
