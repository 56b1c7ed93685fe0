"""The `local` engine: every core of this machine, one long-lived worker process per core.

Each worker holds the spaCy pipeline (loaded once: inherited from the parent through fork
where the platform has it, otherwise loaded by name in the worker) and turns a chunk of
Documents into Records with `pipeline.process`; the parent keeps a bounded window of chunks in
flight and yields results in input order.  Why not `nlp.pipe(n_process=N)`: spaCy starts its
workers anew on every call, and its workers send Docs back through `Doc.to_bytes`, which
cannot carry our record objects in `doc._`; here the Records are built in the workers and only
they are sent back.  With one process it is plain `pipeline.process` in this process.

Nothing of the model's pipeline is disabled: our components read tags, lemmas, POS, the
dependency parse and NER (tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner), and the
one component they need nothing from, `senter`, is already disabled in the packaged model.
"""

from __future__ import annotations

import ctypes
import math
import multiprocessing as mp
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, TypeVar

from spacy.language import Language

from communique.engines.base import Engine, Result, cpu_count
from communique.records import Document

# Documents per chunk sent to a worker (and per nlp.pipe batch inside it).  Measured on the
# White House corpus (BENCHMARKS.md): beyond ~16 nothing is gained, and smaller chunks keep the
# two workers evenly loaded on short inputs.
DEFAULT_BATCH = 32

T = TypeVar("T")
R = TypeVar("R")

_WORKER_NLP: Language | None = None  # set in the parent before fork, or loaded in the worker


def ordered_window(submit: Callable[[T], Any], items: Iterable[T], window: int,
                   wait: Callable[[Any], R]) -> Iterator[R]:
    """Submit items as they come with at most `window` in flight; yield their results in order."""
    pending: deque[Any] = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield wait(pending.popleft())
    while pending:
        yield wait(pending.popleft())


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, max(1, size))):
        yield chunk


def chunk_size(docs: Iterable[Any], batch_size: int, workers: int) -> int:
    """`batch_size`, or less for a short list so that every worker gets a share."""
    if isinstance(docs, list | tuple):
        return max(1, min(batch_size, math.ceil(len(docs) / workers)))
    return batch_size


def _die_with_parent(parent: int) -> None:
    """A parent killed with SIGKILL cannot stop its workers, and they would wait on their queue
    forever: ask Linux to kill a worker when its parent dies (PR_SET_PDEATHSIG)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # no prctl: the parent's own cleanup is all there is
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _init_worker(model: str | None, parent: int) -> None:
    global _WORKER_NLP
    _die_with_parent(parent)
    if _WORKER_NLP is None:
        from communique.extract import load_nlp

        _WORKER_NLP = load_nlp(model)


def _work(batch: list[Document]) -> list[Result]:
    from communique import pipeline

    return list(pipeline.process(batch, n_process=1, batch_size=len(batch), nlp=_WORKER_NLP))


def _start_method() -> str:
    return "fork" if "fork" in mp.get_all_start_methods() else "spawn"


class LocalEngine(Engine):
    """Extraction in `n_process` worker processes (default: the cores available)."""

    name = "local"

    def __init__(self, n_process: int | None = None, batch_size: int = DEFAULT_BATCH,
                 nlp: Language | None = None, model: str | None = None,
                 start_method: str | None = None) -> None:
        self.n_process = max(1, n_process or cpu_count())
        self.batch_size = max(1, batch_size)
        self.model = model
        self.start_method = start_method or _start_method()
        self._nlp = nlp
        self._pool: ProcessPoolExecutor | None = None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from communique.extract import load_nlp

            self._nlp = load_nlp(self.model)
        return self._nlp

    def process(self, docs: Iterable[Document]) -> Iterator[Result]:
        from communique import pipeline

        if self.n_process == 1:
            yield from pipeline.process(docs, n_process=1, batch_size=self.batch_size, nlp=self.nlp)
            return
        pool = self._start()
        size = chunk_size(docs, self.batch_size, self.n_process)
        for results in ordered_window(lambda c: pool.submit(_work, c), chunks(docs, size),
                                      2 * self.n_process, Future.result):
            yield from results

    def _start(self) -> ProcessPoolExecutor:
        global _WORKER_NLP
        if self._pool is None:
            if self.start_method == "fork":
                # the workers inherit the loaded pipeline (copy-on-write): no load per worker
                _WORKER_NLP = self.nlp
            self._pool = ProcessPoolExecutor(
                self.n_process, mp_context=mp.get_context(self.start_method),
                initializer=_init_worker, initargs=(self.model, os.getpid()))
        return self._pool

    def close(self) -> None:
        global _WORKER_NLP
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            _WORKER_NLP = None
