"""The engine interface: Documents in, one Record (or InputError) out per Document, in order.

An engine owns how extraction is parallelised (processes on one machine, actors on a Ray
cluster); the pipeline's stages and the record it builds are the same whichever runs it, so the
records are identical across engines.  Engines stream: they hold a bounded window of documents
in flight, never the whole input, so memory stays flat however large the input is.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator

from communique.errors import InputError
from communique.records import Document, Record

Result = Record | InputError


def cpu_count() -> int:
    """Cores this process may run on (the affinity mask, not the machine's total)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Engine(ABC):
    """Runs the extraction pipeline over a stream of Documents."""

    name: str = "engine"

    @abstractmethod
    def process(self, docs: Iterable[Document]) -> Iterator[Result]:
        """One result per document, in input order."""

    def __call__(self, docs: Iterable[Document]) -> Iterator[Result]:
        """Engines are also `store.ingest` extractors (`list[Document] -> results`)."""
        return self.process(docs)

    def close(self) -> None:
        """Release workers; the engine may be used again afterwards (it restarts them)."""
        return None

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
