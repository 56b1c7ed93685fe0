# ruff: noqa: E501 - long literal test data and parameter lists read better on one line
"""Bounded load test of `communique serve` on loopback: N concurrent clients for S seconds.

    .venv/bin/python bench/loadtest.py --clients 50 --seconds 60 [--docs 2000] [--append BENCHMARKS.md]
    make loadtest

Builds a store of synthetic sample records (no model needed), starts `communique serve` on
127.0.0.1 on a free port, and has each client loop over the search, document and actor endpoints
of the JSON API (`/api/search?q=`, `/api/documents/{id}`, `/api/actors/{id}`) with random
arguments.  Reports requests/s, p50/p99 latency and errors (any non-200 answer or transport
error), per endpoint and in total; exits non-zero if any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ["minister", "cooperation", "trade", '"foreign minister"', "embassy", "agreement", "visit",
           "meeting", "talks", "-", "energy security", "O'Brien", "zzzz-nothing"]


def build_store(path: Path, n: int) -> tuple[list[str], list[str]]:
    from communique.serve.sample import sample_records, synthetic_records
    from communique.store import open_store

    records = sample_records() + synthetic_records(n)
    with open_store(str(path)) as store:
        for i in range(0, len(records), 200):
            store.write_batch(records[i:i + 200], [])
    conn = sqlite3.connect(path)
    try:
        docs = [r[0] for r in conn.execute("SELECT id FROM documents")]
        actors = [r[0] for r in conn.execute("SELECT id FROM actors")]
    finally:
        conn.close()
    return docs, actors


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).parent / "communique"
    env = {k: v for k, v in os.environ.items() if k != "COMMUNIQUE_UPLOAD_TOKEN"}
    proc = subprocess.Popen([str(exe), "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"communique serve exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/overview", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("communique serve did not answer within 60 s")


async def client(base: str, docs: list[str], actors: list[str], stop: float, seed: int,
                 results: list[tuple[str, float, bool]]) -> None:
    rnd = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        while time.monotonic() < stop:
            kind = rnd.choice(("search", "document", "actor"))
            if kind == "search":
                url, params = "/api/search", {"q": rnd.choice(QUERIES), "page": rnd.randint(1, 3)}
            elif kind == "document":
                url, params = f"/api/documents/{rnd.choice(docs)}", None
            else:
                url, params = f"/api/actors/{rnd.choice(actors)}", None
            t0 = time.perf_counter()
            try:
                ok = (await http.get(url, params=params)).status_code == 200
            except httpx.HTTPError:
                ok = False
            results.append((kind, time.perf_counter() - t0, ok))


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


async def run(base: str, docs: list[str], actors: list[str], clients: int, seconds: float):
    results: list[tuple[str, float, bool]] = []
    start = time.monotonic()
    await asyncio.gather(*(client(base, docs, actors, start + seconds, i, results) for i in range(clients)))
    return results, time.monotonic() - start


def report(results: list[tuple[str, float, bool]], elapsed: float, clients: int, n_docs: int) -> str:
    rows = []
    for kind in ("search", "document", "actor", "total"):
        sel = [r for r in results if kind == "total" or r[0] == kind]
        lat = [r[1] * 1000 for r in sel]
        errors = sum(1 for r in sel if not r[2])
        rows.append(f"| {kind} | {len(sel):,} | {len(sel) / elapsed:.1f} | {pct(lat, 50):.0f} | "
                    f"{pct(lat, 99):.0f} | {max(lat, default=0):.0f} | {errors} |")
    when = datetime.now(UTC).strftime("%Y-%m-%d")
    return "\n".join([
        f"## Load test (issue 9): {clients} clients for {elapsed:.0f} s on loopback ({when})",
        "",
        f"`make loadtest` (`bench/loadtest.py --clients {clients}`): `communique serve` (uvicorn, one worker) "
        f"on 127.0.0.1 over a SQLite store of {n_docs:,} synthetic sample records; each client loops over "
        f"random `/api/search?q=`, `/api/documents/{{id}}` and `/api/actors/{{id}}` requests. "
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}; the clients run on the same machine.",
        "",
        "| endpoint | requests | requests/s | p50 ms | p99 ms | max ms | errors |",
        "|---|---|---|---|---|---|---|",
        *rows,
        "",
    ])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--docs", type=int, default=2000, help="synthetic records in the store")
    ap.add_argument("--append", help="append the result section to this Markdown file")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="communique-load-") as tmp:
        db = Path(tmp) / "load.db"
        docs, actors = build_store(db, args.docs)
        port = free_port()
        server = start_server(db, port)
        try:
            results, elapsed = asyncio.run(run(f"http://127.0.0.1:{port}", docs, actors, args.clients, args.seconds))
        finally:
            server.terminate()
            server.wait(timeout=30)
    text = report(results, elapsed, args.clients, len(docs))
    print(text)
    if args.append:
        with open(args.append, "a", encoding="utf-8") as f:
            f.write("\n" + text)
    if any(not ok for _, _, ok in results):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
