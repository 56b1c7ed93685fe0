"""Extraction throughput, side by side with bare spaCy, and per-worker peak memory.

    .venv/bin/python bench/bench_extract.py [--limit N] [--json out.json]
    .venv/bin/python bench/bench_extract.py rss --docs 1000 [--docs 10000]

`throughput` (the default) reads the White House corpus once, then runs in one process, one
after the other on the same documents: bare `nlp.pipe` of the same spaCy pipeline (our
components disabled) with 1 process, our full extraction (`LocalEngine`) with 1 process, and
the same two with 2 processes.  It prints docs/s, words/s, our throughput as a fraction of bare
spaCy, the 2-vs-1 scaling, and CPU seconds per document of the single-process runs (a measure
the load of other programs on the machine does not distort, unlike wall time).

`rss` streams N documents (cycling the corpora, in the order White House, Kremlin/Ukraine, MFA
pages, so the long transcripts only arrive after the first 1,566; or with `--order interleaved`
one document of each corpus in turn, so that 1,000 and 10,000 documents are the same mix)
through `LocalEngine(2)` and prints each worker's peak (VmHWM) and current (VmRSS) resident
set at checkpoints, to show memory stays flat.

`components` runs the pipeline one component at a time and prints the CPU seconds each costs.
"""

from __future__ import annotations

import argparse
import glob
import itertools
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COMMUNIQUE_SHARED", ROOT.parent / "shared"))
WHITE_HOUSE = str(SHARED / "corpora" / "whitehouse_readouts_joint_statements" / "**" / "*.md")
ALL_CORPORA = [str(SHARED / "corpora" / "whitehouse_readouts_joint_statements"),
               str(SHARED / "corpora" / "kremlin_and_ukraine_president_press_releases"),
               str(SHARED / "corpora" / "mfa_statement_html_pages_diplomaticpulse")]


def machine() -> dict:
    load = os.getloadavg()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "communique"], cwd=ROOT, capture_output=True,
                           text=True).stdout.strip()
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "loadavg": [round(x, 2) for x in load], "commit": commit + ("+dirty" if dirty else ""),
            "when": time.strftime("%Y-%m-%d %H:%M:%S")}


def corpus(limit: int | None, pattern: str = WHITE_HOUSE):
    from communique import pipeline
    from communique.records import Document

    paths = sorted(glob.glob(pattern, recursive=True))
    docs = [d for d in pipeline.read(paths) if isinstance(d, Document)]
    return docs[:limit] if limit else docs


def _children_cpu() -> float:
    import resource

    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def timed(fn, n_docs: int, n_words: int) -> dict:
    """Wall time, and CPU time of this process plus its (reaped) worker processes."""
    cpu0, kids0, wall0 = time.process_time(), _children_cpu(), time.perf_counter()
    fn()
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0 + _children_cpu() - kids0
    return {"seconds": round(wall, 2), "docs_per_s": round(n_docs / wall, 2),
            "words_per_s": round(n_words / wall, 1), "cpu_s_per_doc": round(cpu / n_docs, 4)}


def throughput(args: argparse.Namespace) -> dict:
    from communique.engines.local import LocalEngine
    from communique.extract import load_nlp
    from communique.extract.annotate import ours as is_ours
    from communique.pipeline import _make_doc

    docs = corpus(args.limit)
    n, words = len(docs), sum(len(d.text.split()) for d in docs)
    nlp = load_nlp()
    ours = [p for p in nlp.pipe_names if is_ours(p)]

    def bare(n_process: int):
        def run():
            with nlp.select_pipes(disable=ours):
                for _ in nlp.pipe((_make_doc(nlp, d) for d in docs), n_process=n_process,
                                  batch_size=args.batch_size):
                    pass
        return run

    def full(n_process: int):
        def run():
            with LocalEngine(n_process, batch_size=args.batch_size, nlp=nlp) as engine:
                for _ in engine.process(iter(docs)):
                    pass
        return run

    out: dict = {"machine": machine(), "docs": n, "words": words, "batch_size": args.batch_size,
                 "components": nlp.pipe_names}
    for procs in args.processes:
        out[f"bare_{procs}"] = timed(bare(procs), n, words)
        print("bare", procs, out[f"bare_{procs}"], file=sys.stderr, flush=True)
        out[f"ours_{procs}"] = timed(full(procs), n, words)
        print("ours", procs, out[f"ours_{procs}"], file=sys.stderr, flush=True)
        ours_rate, bare_rate = out[f"ours_{procs}"]["docs_per_s"], out[f"bare_{procs}"]["docs_per_s"]
        out[f"ratio_{procs}"] = round(ours_rate / bare_rate, 3)
    for procs in args.processes:
        out[f"ratio_cpu_{procs}"] = round(out[f"bare_{procs}"]["cpu_s_per_doc"]
                                          / out[f"ours_{procs}"]["cpu_s_per_doc"], 3)
    if {1, 2} <= set(args.processes):
        out["scaling_ours"] = round(out["ours_2"]["docs_per_s"] / out["ours_1"]["docs_per_s"], 3)
        out["scaling_bare"] = round(out["bare_2"]["docs_per_s"] / out["bare_1"]["docs_per_s"], 3)
    out["machine_after"] = machine()["loadavg"]
    return out


def components(args: argparse.Namespace) -> dict:
    """CPU seconds of each pipeline component over the same documents (one process)."""
    from communique.extract import load_nlp
    from communique.extract.annotate import ours as is_ours
    from communique.pipeline import _make_doc, to_record

    docs = corpus(args.limit)
    nlp = load_nlp()
    cost = dict.fromkeys([*nlp.pipe_names, "to_record"], 0.0)
    for d in docs:
        doc = _make_doc(nlp, d)
        for name, proc in nlp.pipeline:
            t = time.process_time()
            doc = proc(doc)
            cost[name] += time.process_time() - t
        t = time.process_time()
        to_record(doc, d)
        cost["to_record"] += time.process_time() - t
    total = sum(cost.values())
    ours = sum(v for k, v in cost.items() if is_ours(k) or k == "to_record")
    return {"machine": machine(), "docs": len(docs),
            "cpu_s": {k: round(v, 2) for k, v in cost.items()},
            "share": {k: round(v / total, 3) for k, v in cost.items()},
            "ours_over_spacy": round(ours / (total - ours), 3)}


def vm_hwm(pid: int, field: str = "VmHWM") -> int:
    """Peak (VmHWM) or current (VmRSS) resident set of a process, bytes (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def rss(args: argparse.Namespace) -> dict:
    from communique import pipeline
    from communique.engines.local import LocalEngine
    from communique.records import Document

    def cycled(paths: list[str]):  # each pass read anew: nothing whole-corpus is held
        for _ in itertools.count():
            for d in pipeline.read(paths):
                if isinstance(d, Document):
                    yield d

    def stream():
        if args.order == "corpus":
            yield from cycled(ALL_CORPORA)
            return
        # one document of each corpus in turn: the first thousand already hold long transcripts
        for trio in zip(*(cycled([c]) for c in ALL_CORPORA), strict=False):
            yield from trio

    total = max(args.docs)
    checkpoints = sorted(set(args.docs) | {c for c in (100, 250, 500, 1000, 2500, 5000) if c < total})
    out: dict = {"machine": machine(), "workers": 2, "order": args.order, "checkpoints": []}
    engine = LocalEngine(2, batch_size=args.batch_size)
    start = time.perf_counter()
    for i, _ in enumerate(engine.process(itertools.islice(stream(), total)), start=1):
        if i in checkpoints:
            pids = list(engine._pool._processes) if engine._pool else []  # noqa: SLF001
            point = {"docs": i, "seconds": round(time.perf_counter() - start, 1),
                     "worker_peak_rss_mb": [round(vm_hwm(p) / 2**20) for p in pids],
                     "worker_rss_mb": [round(vm_hwm(p, "VmRSS") / 2**20) for p in pids],
                     "parent_peak_rss_mb": round(vm_hwm(os.getpid()) / 2**20)}
            out["checkpoints"].append(point)
            print(point, file=sys.stderr, flush=True)
    engine.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", nargs="?", default="throughput", choices=["throughput", "rss", "components"])
    ap.add_argument("--limit", type=int, default=None, help="first N White House documents (default all)")
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--docs", type=int, nargs="+", default=[1000, 10000], help="rss: checkpoints")
    ap.add_argument("--order", choices=["corpus", "interleaved"], default="corpus",
                    help="rss: the corpora one after the other, or one document of each in turn")
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args()
    result = {"throughput": throughput, "rss": rss, "components": components}[args.mode](args)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
