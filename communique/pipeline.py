"""The orchestrator: the one module that knows the order of the stages.

    ingest -> clean -> extract (spaCy pipeline) -> Record

`read` yields cleaned Documents (or InputErrors), `process` turns Documents into Records, and
`extract` does both for one text or path.  The store and the CLI build on these three.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from communique import clean, ingest, settings
from communique.errors import InputError
from communique.extract import annotate, load_nlp
from communique.records import Document, Record, Source


def read(paths: Iterable[str], column_map: dict[str, str] | None = None) -> Iterator[Document | InputError]:
    """Ingest and clean: one cleaned Document per input document, or an InputError."""
    for item in ingest.iter_documents(paths, column_map):
        if isinstance(item, InputError):
            yield item
            continue
        cleaned = clean.clean(item)
        if not cleaned.text.strip():
            yield InputError(item.origin, "no text left after cleaning")
        else:
            yield cleaned


def to_record(doc: Doc, document: Document) -> Record:
    """Assemble the record from a processed Doc and the Document it was made from."""
    source = Source(
        name=document.source.name,
        url=document.source.url,
        attribution=document.source.attribution or doc._.attribution,
    )
    return Record(
        id=document.id,
        source=source,
        published=document.published,
        title=document.title,
        language=document.language,
        text=document.text,
        entities=doc._.entities or [],
        events=doc._.events or [],
        statements=doc._.statements or [],
        references=doc._.references or [],
        origin=document.origin,
        extractor=settings.EXTRACTOR_VERSION,
        name=document.meta.get("name"),
    )


def _prepare(doc: Doc, document: Document) -> Doc:
    """Give the Doc what our components read besides its text."""
    doc._.published = document.published
    doc._.title = document.title
    doc._.source_name = document.source.name
    return doc


def _make_doc(nlp: Language, document: Document) -> Doc:
    return _prepare(nlp.make_doc(document.text), document)


def _annotate(nlp: Language, batch: list[Document]) -> list[Doc]:
    """The whole pipeline over a batch: the statistical steps in bounded memory, then our rules."""
    docs = annotate.parse(nlp, [d.text for d in batch])
    return annotate.apply_rules(nlp, [_prepare(doc, d) for doc, d in zip(docs, batch, strict=True)])


def _batches(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


# spaCy's tokenizer takes time quadratic in the length of a space-free run of punctuation
# (10,000 '[' take ~50 s, 100,000 would take over an hour): such documents, and texts longer than
# `nlp.max_length` (which spaCy refuses), are reported as failures up front.
_MAX_RUN = 1000
_LONG_RUN = re.compile(rf"\S{{{_MAX_RUN + 1},}}")


def _refusal(nlp: Language, document: Document) -> str | None:
    """Why the pipeline cannot take this document in reasonable time, or None."""
    n = len(document.text)
    if n > nlp.max_length:
        return f"too long: {n:,} characters, over the pipeline's limit of {nlp.max_length:,}; split it"
    for match in _LONG_RUN.finditer(document.text):
        run = match.group()
        if sum(not c.isalnum() for c in run) * 10 > len(run):
            return (f"a run of {len(run):,} characters without spaces, much of it punctuation, at offset "
                    f"{match.start()}: too slow to tokenize (limit {_MAX_RUN:,})")
    return None


def _run_batch(nlp: Language, batch: list[Document]) -> list[Record | InputError]:
    refused = {i: InputError(d.origin, why) for i, d in enumerate(batch) if (why := _refusal(nlp, d))}
    if refused:
        rest = iter(_run_batch(nlp, [d for i, d in enumerate(batch) if i not in refused]))
        return [refused[i] if i in refused else next(rest) for i in range(len(batch))]
    try:
        # The strings and lexemes a batch brings into the vocabulary are dropped after it, so a
        # long-running worker's memory does not grow with every new word it has ever seen.
        with nlp.memory_zone():
            return [to_record(doc, d) for doc, d in zip(_annotate(nlp, batch), batch, strict=True)]
    except Exception:  # noqa: BLE001 - one bad document must not sink its batch: retry one by one
        return [_run_one(nlp, d) for d in batch]


def _run_one(nlp: Language, document: Document) -> Record | InputError:
    try:
        with nlp.memory_zone():
            return to_record(_annotate(nlp, [document])[0], document)
    except Exception as exc:  # noqa: BLE001 - reported as this document's failure, the batch goes on
        return InputError(document.origin, f"extraction failed: {type(exc).__name__}: {exc}")


def process(
    docs: Iterable[Document],
    n_process: int = 1,
    batch_size: int = 64,
    nlp: Language | None = None,
) -> Iterator[Record | InputError]:
    """Extract records, one result per document, in order.

    With `n_process` > 1 the documents go to that many long-lived worker processes (the `local`
    engine): spaCy's own `nlp.pipe(n_process=...)` would start its workers anew for every batch
    and cannot send our `doc._` records back."""
    nlp = nlp or load_nlp()
    if n_process > 1:
        from communique.engines.local import LocalEngine

        with LocalEngine(n_process, batch_size=batch_size, nlp=nlp) as engine:
            yield from engine.process(docs)
        return
    for batch in _batches(docs, batch_size):
        yield from _run_batch(nlp, batch)


def _is_file(text: str) -> bool:
    """Whether a string given to `extract` names a file rather than being the text itself."""
    if "\n" in text or len(text) >= 4096:
        return False
    try:
        return Path(text).is_file()
    except OSError:  # a line of text longer than a file name may be ("File name too long")
        return False


def extract(text_or_path: str | Path, nlp: Language | None = None) -> Record:
    """The record of one document given as text or as a path; raises InputError if unreadable."""
    if isinstance(text_or_path, Path) or _is_file(text_or_path):
        document = ingest.read_path(str(text_or_path))[0]
    else:
        document = ingest.read_text(str(text_or_path))
    document = clean.clean(document)
    result = next(process([document], nlp=nlp))
    if isinstance(result, InputError):
        raise result
    return result
