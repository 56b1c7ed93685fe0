"""The batch ingest loop: read -> skip what is stored -> extract the rest -> commit per batch.

Idempotent and resumable by construction:

* a document's id is the hash of its cleaned text, so the ids of a batch are known before any
  extraction and the ones already stored (with the current extractor version, or any version
  unless `reprocess`) are skipped - a second run over the same inputs extracts nothing;
* every batch is written in one transaction, so a process killed at any moment loses at most
  the batch in flight, and a rerun finds the committed ones and extracts only the rest;
* a document stored under the same id replaces its earlier rows instead of adding to them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from communique import settings
from communique.errors import InputError
from communique.records import Document, Record
from communique.store.base import Store

Reader = Callable[[list[str], dict[str, str] | None], Iterable[Document | InputError]]
Extractor = Callable[[list[Document]], Iterable[Record | InputError]]


@dataclass
class IngestReport:
    total: int = 0  # documents read (and inputs that failed to read)
    extracted: int = 0  # new documents extracted and stored
    reprocessed: int = 0  # stale documents re-extracted
    skipped: int = 0  # already stored, nothing to do
    duplicates: int = 0  # same text as an earlier input of this run
    failed: int = 0
    seconds: float = 0.0
    failures: list[InputError] = field(default_factory=list)

    @property
    def done(self) -> int:
        return self.extracted + self.reprocessed + self.skipped + self.duplicates + self.failed

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds > 0 else 0.0


Progress = Callable[[IngestReport], None]


def _default_reader(paths: list[str], column_map: dict[str, str] | None) -> Iterable[Document | InputError]:
    from communique import pipeline

    return pipeline.read(paths, column_map)


def _load_nlp() -> Any:
    from communique.extract import load_nlp

    return load_nlp()


class PipelineExtractor:
    """The extraction step of ingest, set up once per run and only when first needed: a run that
    finds everything stored never loads the model.  With `n_process` > 1 one `LocalEngine` (a
    pool of long-lived workers) serves every batch, instead of new workers per batch."""

    def __init__(self, n_process: int = 1, batch_size: int = 64) -> None:
        self.n_process = n_process
        self.batch_size = batch_size
        self._nlp: Any = None
        self._engine: Any = None

    def __call__(self, docs: list[Document]) -> Iterable[Record | InputError]:
        from communique import pipeline

        if self._nlp is None:
            self._nlp = _load_nlp()
        if self.n_process <= 1:
            return pipeline.process(docs, batch_size=self.batch_size, nlp=self._nlp)
        if self._engine is None:
            from communique.engines.local import LocalEngine

            self._engine = LocalEngine(self.n_process, nlp=self._nlp)
        return self._engine.process(docs)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
            self._engine = None

    def __enter__(self) -> PipelineExtractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def count_inputs(paths: list[str], column_map: dict[str, str] | None = None,
                 reader: Reader | None = None) -> int | None:
    """How many documents (and unreadable inputs) `paths` hold: a cheap first pass, so that the
    progress bar has a total and an ETA while the second pass streams.  None for stdin, which
    cannot be read twice."""
    if "-" in paths:
        return None
    return sum(1 for _ in (reader or _default_reader)(paths, column_map))


def read_stream(paths: list[str], column_map: dict[str, str] | None, reader: Reader | None,
                report: IngestReport) -> Iterator[Document | InputError]:
    """Documents and read failures as they come, without the repeats of an earlier input of
    this run (counted in `report.duplicates`).  Only ids are remembered, so memory stays flat."""
    seen: set[str] = set()
    for item in (reader or _default_reader)(paths, column_map):
        if isinstance(item, Document):
            if item.id in seen:
                report.duplicates += 1
                continue
            seen.add(item.id)
        yield item


def ingest_documents(
    items: Iterable[Document | InputError],
    store: Store,
    *,
    extractor: Extractor,
    reprocess: bool = False,
    batch_size: int = 32,
    report: IngestReport | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Store the records of `items`, one transaction per `batch_size` inputs; read failures
    in the batch are recorded in the same transaction."""
    report = report or IngestReport()
    start = time.monotonic() - report.seconds
    for batch in _batches(items, batch_size):
        docs = [d for d in batch if isinstance(d, Document)]
        todo, stale = _to_extract(docs, store, reprocess)
        results = list(extractor(todo)) if todo else []
        records = [r for r in results if isinstance(r, Record)]
        errors = [e for e in batch if isinstance(e, InputError)]
        errors += [r for r in results if isinstance(r, InputError)]
        store.write_batch(records, errors)
        n_stale = sum(1 for r in records if r.id in stale)
        report.reprocessed += n_stale
        report.extracted += len(records) - n_stale
        report.failed += len(errors)
        report.failures.extend(errors)
        report.skipped += len(docs) - len(todo)
        report.total = max(report.total, report.done)
        report.seconds = time.monotonic() - start
        if progress:
            progress(report)
    store.finish_ingest(reprocessed=report.reprocessed > 0)
    return report


def _to_extract(batch: list[Document], store: Store, reprocess: bool) -> tuple[list[Document], set[str]]:
    """The documents of `batch` that need extraction, and which of them are stale re-extractions."""
    versions = store.extractor_versions(d.id for d in batch)
    todo = [d for d in batch
            if d.id not in versions or (reprocess and versions[d.id] != settings.EXTRACTOR_VERSION)]
    return todo, {d.id for d in todo if d.id in versions}


def ingest(
    paths: list[str],
    store: Store,
    *,
    reprocess: bool = False,
    batch_size: int = 32,
    n_process: int = 1,
    column_map: dict[str, str] | None = None,
    reader: Reader | None = None,
    extractor: Extractor | None = None,
    progress: Progress | None = None,
    engine: str = "local",
    address: str | None = None,
) -> IngestReport:
    """Read `paths` and store what is not stored yet (or is stale, with `reprocess`).

    `engine="ray"` (issue 8) reads and extracts on Ray instead (`address` joins a cluster, none
    starts a local one) and bulk-loads the result shards: see `communique.engines.ray.ingest`."""
    if engine == "ray":
        from communique.engines.ray import ingest as ray_ingest

        return ray_ingest(paths, store, address=address, num_workers=n_process if n_process > 1 else None,
                          column_map=column_map, reprocess=reprocess, progress=progress)
    report = IngestReport(total=count_inputs(paths, column_map, reader) or 0)
    with PipelineExtractor(n_process) as default_extractor:
        return ingest_documents(read_stream(paths, column_map, reader, report), store,
                                extractor=extractor or default_extractor,
                                reprocess=reprocess, batch_size=batch_size, report=report, progress=progress)


def _batches(items: Iterable[Document | InputError], size: int) -> Iterator[list[Document | InputError]]:
    it = iter(items)
    while batch := list(islice(it, max(1, size))):
        yield batch
