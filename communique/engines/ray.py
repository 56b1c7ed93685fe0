"""The `ray` engine: extraction on a Ray cluster (or a small local one), the pipeline loaded once
per actor.

Two ways in:

* `RayEngine.process(docs)`: the `Engine` interface.  Chunks of Documents go round-robin to a
  fixed pool of actors (each loads the pipeline once), a bounded window of chunks in flight,
  results in input order.  This is what `pipeline`-style callers and `store.ingest` use.
* `ingest(paths, store)`: the bulk path of `communique ingest --engine ray`.  Ray Data reads the
  inputs (local paths or fsspec-style URLs; files, JSONL, CSV or Parquet), extracts with
  `map_batches` on an actor pool, writes the results as Parquet shards, and then the driver
  bulk-loads the shards into the store, streaming them batch by batch.

Without an address a local Ray starts, kept small (`num_cpus` = the cores here, no dashboard, a
modest object store) and is shut down afterwards; `address="auto"` or `ray://host:10001` joins
an existing cluster, whose workers need communique and the spaCy model installed.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from itertools import cycle
from typing import TYPE_CHECKING, Any

from communique.engines.base import Engine, Result, cpu_count
from communique.engines.local import DEFAULT_BATCH, chunk_size, chunks, ordered_window
from communique.errors import InputError
from communique.records import Document, Record, Source

if TYPE_CHECKING:
    import pyarrow as pa

    from communique.store.base import Store
    from communique.store.ingest import IngestReport, Progress

OBJECT_STORE_BYTES = 512 * 1024**2  # local cluster only: text batches are small
LOAD_BATCH = 256  # records per store transaction when bulk-loading shards
LOCAL_SCHEMES = ("", "file", "local")
# Ray Data: each extraction actor takes most of a CPU and leaves the rest to the light read and
# write tasks, so that a pool of one actor per CPU cannot starve them (a deadlock otherwise).
ACTOR_CPUS = 0.9
IO_CPUS = 0.1


# -- rows: what travels between Ray stages and sits in the shards ------------------------------

def document_row(item: Document | InputError) -> dict[str, Any]:
    """A Document (or a read failure) as a flat row of strings."""
    if isinstance(item, InputError):
        return {"text": None, "origin": item.origin, "error": item.reason, "title": None,
                "published": None, "source_name": None, "source_url": None,
                "source_attribution": None, "language": None, "format": None, "meta": None}
    return {"text": item.text, "origin": item.origin, "error": None, "title": item.title,
            "published": item.published, "source_name": item.source.name,
            "source_url": item.source.url, "source_attribution": item.source.attribution,
            "language": item.language, "format": item.format,
            "meta": json.dumps(item.meta, ensure_ascii=False, default=str)}


def row_document(row: dict[str, Any]) -> Document | InputError:
    if row.get("error") is not None:
        return InputError(row["origin"], row["error"])
    return Document(
        text=row["text"], origin=row["origin"], title=row["title"], published=row["published"],
        source=Source(row["source_name"], row["source_url"], row["source_attribution"]),
        language=row["language"], format=row["format"], meta=json.loads(row["meta"] or "{}"),
    )


def result_row(result: Result) -> dict[str, Any]:
    if isinstance(result, InputError):
        return {"id": None, "origin": result.origin, "name": None, "record": None, "error": result.reason}
    return {"id": result.id, "origin": result.origin, "name": result.name,
            "record": json.dumps(result.to_dict(), ensure_ascii=False), "error": None}


def row_result(row: dict[str, Any]) -> Result:
    if row.get("error") is not None:
        return InputError(row["origin"], row["error"])
    record = Record.from_dict(json.loads(row["record"]))
    record.name = row.get("name")
    return record


def _result_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema([(name, pa.string()) for name in ("id", "origin", "name", "record", "error")])


# -- the actor: the pipeline loaded once -------------------------------------------------------

class Extractor:
    """Loads the pipeline once; a Ray Data `map_batches` UDF and the body of the pool's actors."""

    def __init__(self, model: str | None = None) -> None:
        from communique.extract import load_nlp

        self.nlp = load_nlp(model)

    def run(self, items: list[Document | InputError]) -> list[Result]:
        """One result per item, in order; read failures pass through untouched."""
        from communique import pipeline

        docs = [i for i in items if isinstance(i, Document)]
        done = iter(pipeline.process(docs, n_process=1, batch_size=max(1, len(docs)), nlp=self.nlp))
        return [next(done) if isinstance(i, Document) else i for i in items]

    def __call__(self, batch: pa.Table) -> pa.Table:
        import pyarrow as pa

        results = self.run([row_document(r) for r in batch.to_pylist()])
        return pa.Table.from_pylist([result_row(r) for r in results], schema=_result_schema())

    def peak_rss(self) -> int:
        """This worker's peak resident set, bytes (for the benchmarks)."""
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


# -- reading: Ray Data over local paths or fsspec-style URLs -----------------------------------

def _scheme(path: str) -> str:
    return path.split("://", 1)[0] if "://" in path else ""


def expand(paths: Iterable[str]) -> Iterator[str | InputError]:
    """Input files: local paths as `communique.ingest` expands them (same files, same order);
    URLs through fsspec (directories walked, globs expanded, known extensions kept)."""
    from communique.ingest.detect import EXTENSIONS
    from communique.ingest.paths import expand_paths

    known = {*EXTENSIONS, ".parquet"}
    for path in paths:
        if _scheme(path) in LOCAL_SCHEMES:
            local = path.split("://", 1)[-1]
            if os.path.isdir(local) or any(c in local for c in "*?["):
                yield from _with_parquet(local, expand_paths([local]))
            else:
                yield from expand_paths([local])
            continue
        import fsspec

        fs, root = fsspec.core.url_to_fs(path)
        if fs.isdir(root):
            found = sorted(p for p in fs.find(root) if os.path.splitext(p)[1].lower() in known)
        elif any(c in root for c in "*?["):
            found = sorted(fs.glob(root))
        else:
            found = [root] if fs.exists(root) else []
        if not found:
            yield InputError(path, "no such file, directory or pattern")
        for p in found:
            yield fs.unstrip_protocol(p)


def _with_parquet(local: str, expanded: Iterator[str | InputError]) -> Iterator[str | InputError]:
    """`expand_paths` skips .parquet inside directories (it cannot read them); we can."""
    import glob

    items = list(expanded)  # the file names of one directory or glob, not documents
    pattern = os.path.join(local, "**", "*.parquet") if os.path.isdir(local) else local
    parquet = sorted(p for p in glob.glob(pattern, recursive=True) if p.lower().endswith(".parquet"))
    if parquet:
        items = [i for i in items if isinstance(i, str)] + parquet
    yield from items


def read_file(row: dict[str, Any], column_map: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Every Document of one input file as rows: local files exactly as `pipeline.read` reads
    them; remote ones through fsspec with the same readers; Parquet one row per document."""
    path = row["path"]
    try:
        if path.lower().endswith(".parquet"):
            return [document_row(d) for d in _read_parquet(path, column_map)]
        if _scheme(path) in LOCAL_SCHEMES:
            from communique import pipeline

            return [document_row(d) for d in pipeline.read([path.split("://", 1)[-1]], column_map)]
        import fsspec

        from communique.ingest import _read_stream

        with fsspec.open(path, "rb") as stream:
            data = io.BytesIO(stream.read())
        return [document_row(_cleaned(d)) for d in _read_stream(data, path, column_map)]
    except InputError as err:
        return [document_row(err)]
    except Exception as exc:  # noqa: BLE001 - one broken input must not stop the run
        return [document_row(InputError(path, f"cannot read: {type(exc).__name__}: {exc}"))]


def _cleaned(item: Document | InputError) -> Document | InputError:
    """As `pipeline.read` does for each item."""
    from communique import clean

    if isinstance(item, InputError):
        return item
    cleaned = clean.clean(item)
    return cleaned if cleaned.text.strip() else InputError(item.origin, "no text left after cleaning")


def _read_parquet(path: str, column_map: dict[str, str] | None) -> Iterator[Document | InputError]:
    """One document per row, row group by row group; columns as for CSV/JSONL."""
    import fsspec
    import pyarrow.parquet as pq

    from communique.ingest.tabular import resolve_columns
    from communique.ingest.tabular import row_document as tabular_row

    origin = path.split("://", 1)[-1] if _scheme(path) in LOCAL_SCHEMES else path
    with fsspec.open(path, "rb") as stream:
        pf = pq.ParquetFile(stream)
        mapping = resolve_columns(pf.schema_arrow.names, column_map, origin)
        number = 0
        for batch in pf.iter_batches(batch_size=256):
            for r in batch.to_pylist():
                number += 1
                try:
                    yield _cleaned(tabular_row(r, mapping, origin, number, "parquet"))
                except InputError as err:
                    yield err


# -- the engine --------------------------------------------------------------------------------

class RayEngine(Engine):
    """Extraction on Ray actors; `address=None` starts (and later stops) a small local Ray."""

    name = "ray"

    def __init__(self, address: str | None = None, num_workers: int | None = None,
                 batch_size: int = DEFAULT_BATCH, model: str | None = None,
                 num_cpus: int | None = None, n_process: int | None = None) -> None:
        self.address = address
        self.num_workers = max(1, num_workers or n_process or cpu_count())
        self.batch_size = max(1, batch_size)
        self.model = model
        self.num_cpus = num_cpus or min(cpu_count(), max(self.num_workers, 1))
        self._started = False
        self._actors: list[Any] = []

    # cluster ----------------------------------------------------------------------------------
    def start(self) -> None:
        import ray

        if not ray.is_initialized():
            quiet = {"include_dashboard": False, "log_to_driver": False, "logging_level": "ERROR"}
            if self.address:
                ray.init(address=self.address, **quiet)
            else:
                # Ray runs its workers at nice 15 by default: on a machine shared with other
                # programs the extraction actors then get almost no CPU (measured: 2% of a core).
                os.environ.setdefault("RAY_worker_niceness", "0")
                ray.init(num_cpus=self.num_cpus, object_store_memory=OBJECT_STORE_BYTES, **quiet)
            self._started = True
        from ray.data import DataContext

        ctx = DataContext.get_current()
        ctx.execution_options.preserve_order = True  # shards (and the store's seq) in input order
        ctx.enable_progress_bars = False

    def close(self) -> None:
        import ray

        for actor in self._actors:
            ray.kill(actor)
        self._actors = []
        if self._started:
            ray.shutdown()
            self._started = False

    # Engine -----------------------------------------------------------------------------------
    def actors(self) -> list[Any]:
        import ray

        if not self._actors:
            self.start()
            remote = ray.remote(num_cpus=1)(Extractor)
            self._actors = [remote.remote(self.model) for _ in range(self.num_workers)]
        return self._actors

    def process(self, docs: Iterable[Document]) -> Iterator[Result]:
        import ray

        pool = cycle(self.actors())
        size = chunk_size(docs, self.batch_size, self.num_workers)
        for results in ordered_window(lambda c: next(pool).run.remote(c), chunks(docs, size),
                                      2 * self.num_workers, ray.get):
            yield from results

    def peak_rss(self) -> list[int]:
        import ray

        return ray.get([a.peak_rss.remote() for a in self._actors])

    # Ray Data bulk path -----------------------------------------------------------------------
    def extract_to_parquet(self, paths: Iterable[str], out_dir: str,
                           column_map: dict[str, str] | None = None) -> tuple[str, list[InputError]]:
        """Read, extract and write result shards to `out_dir`; returns it and the paths that
        named nothing."""
        import ray

        self.start()
        for actor in self._actors:  # the Engine pool's actors would hold the CPUs the Data pool needs
            ray.kill(actor)
        self._actors = []
        files: list[str] = []  # file names, not documents
        missing: list[InputError] = []
        for item in expand(paths):
            (missing if isinstance(item, InputError) else files).append(item)
        if not files:
            return out_dir, missing
        ds = ray.data.from_items([{"path": p} for p in files],
                                 override_num_blocks=min(len(files), 4 * self.num_workers))
        ds = ds.flat_map(read_file, fn_kwargs={"column_map": column_map}, num_cpus=IO_CPUS)
        ds = ds.map_batches(
            Extractor, fn_constructor_kwargs={"model": self.model}, batch_size=self.batch_size,
            batch_format="pyarrow", compute=ray.data.ActorPoolStrategy(size=self.num_workers),
            num_cpus=ACTOR_CPUS,
        )
        ds.write_parquet(out_dir, min_rows_per_file=4 * LOAD_BATCH, ray_remote_args={"num_cpus": IO_CPUS})
        return out_dir, missing


def iter_shards(out_dir: str, batch_size: int = LOAD_BATCH) -> Iterator[list[Result]]:
    """The results in the shards, in order, a batch at a time (never a whole shard in memory)."""
    import pyarrow.parquet as pq

    for name in sorted(f for f in os.listdir(out_dir) if f.endswith(".parquet")):
        pf = pq.ParquetFile(os.path.join(out_dir, name))
        for batch in pf.iter_batches(batch_size=batch_size):
            yield [row_result(r) for r in batch.to_pylist()]


def bulk_load(store: Store, batches: Iterable[list[Result]], *, reprocess: bool = False,
              report: IngestReport | None = None, progress: Progress | None = None) -> IngestReport:
    """Write extracted results into the store, one transaction per batch, with the batch
    ingest's rules: documents stored with the current extractor are skipped (any version unless
    `reprocess`), duplicates of this run counted once.  A store with a bulk path (`bulk_write`,
    e.g. COPY on PostgreSQL) gets it; otherwise its `write_batch` upsert."""
    from communique import settings
    from communique.store.ingest import IngestReport

    report = report or IngestReport()
    start = time.monotonic() - report.seconds
    write = getattr(store, "bulk_write", None) or store.write_batch
    seen: set[str] = set()  # ids only (16 hex digits each), for the duplicate count
    for results in batches:
        report.total += len(results)
        records = []
        errors = [r for r in results if isinstance(r, InputError)]
        for r in results:
            if isinstance(r, Record):
                if r.id in seen:
                    report.duplicates += 1
                else:
                    seen.add(r.id)
                    records.append(r)
        versions = store.extractor_versions(r.id for r in records)
        todo = [r for r in records if r.id not in versions
                or (reprocess and versions[r.id] != settings.EXTRACTOR_VERSION)]
        if todo or errors:
            write(todo, errors)
        n_stale = sum(1 for r in todo if r.id in versions)
        report.reprocessed += n_stale
        report.extracted += len(todo) - n_stale
        report.skipped += len(records) - len(todo)
        report.failed += len(errors)
        report.failures.extend(errors)
        report.seconds = time.monotonic() - start
        if progress:
            progress(report)
    store.finish_ingest(reprocessed=report.reprocessed > 0)
    return report


def ingest(paths: list[str], store: Store, *, address: str | None = None,
           num_workers: int | None = None, batch_size: int = DEFAULT_BATCH,
           column_map: dict[str, str] | None = None, reprocess: bool = False,
           shards: str | None = None, progress: Progress | None = None) -> IngestReport:
    """`communique ingest --engine ray`: Ray Data extraction to Parquet shards (in `shards`, or a
    temporary folder removed afterwards), then a bulk load into `store`."""
    from communique.store.ingest import IngestReport

    report = IngestReport()
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="communique-shards-") as tmp:
        out_dir = shards or tmp
        with RayEngine(address, num_workers, batch_size) as engine:
            _, missing = engine.extract_to_parquet(paths, out_dir, column_map)
        report.seconds = time.monotonic() - start
        report.extract_seconds = report.seconds  # type: ignore[attr-defined]
        if missing:
            report.total += len(missing)
            report.failed += len(missing)
            report.failures.extend(missing)
            store.write_batch([], missing)
        shard_batches = iter_shards(out_dir) if os.path.isdir(out_dir) else iter(())
        return bulk_load(store, shard_batches, reprocess=reprocess, report=report, progress=progress)
