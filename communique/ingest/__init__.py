"""Read press releases in any supported format into `Document`s.

    iter_documents(paths)   files, directories, globs and `-` (stdin) -> Document | InputError
    read_text(text)         one raw string (plain text, markdown with front matter, HTML)
    read_path(path)         every document of one path, raising the first InputError

Formats: plain text (with scraped ` date ... | Publisher` headers), markdown with YAML front
matter, HTML (trafilatura, offline), CSV and JSON Lines (one document per row, streamed).
Each Document has `origin`, `format` and `meta["name"]` (the output file stem).
"""

from __future__ import annotations

import codecs
import io
import sys
from collections.abc import Iterable, Iterator
from typing import IO

from communique.errors import InputError
from communique.ingest.detect import (
    SNIFF_BYTES,
    declared_charset,
    decode,
    detect_format,
    text_encoding,
    undecodable_reason,
)
from communique.ingest.fields import stem_of
from communique.ingest.html import read_html_document
from communique.ingest.markdown import read_markdown_document
from communique.ingest.paths import STDIN, expand_paths
from communique.ingest.tabular import iter_csv, iter_jsonl
from communique.ingest.text import read_text_document
from communique.records import Document

__all__ = ["iter_documents", "read_path", "read_text"]

_SINGLE = {"text": read_text_document, "markdown": read_markdown_document, "html": read_html_document}


def iter_documents(paths: Iterable[str],
                   column_map: dict[str, str] | None = None) -> Iterator[Document | InputError]:
    """Expand paths ('-' = stdin; directories recursively; globs), detect each file's format from
    content and extension, and yield one Document per document (one per file, or one per
    CSV/JSONL row), or an InputError naming the file (and row) and the reason.  Never raises for
    a bad input; the batch goes on.  A path that matches nothing yields an InputError too."""
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            yield item
        else:
            yield from _read_guarded(item, column_map)


def read_text(text: str, origin: str = "<string>") -> Document:
    """One document from a raw string: plain text, markdown with front matter or HTML, detected."""
    if not text.strip():
        raise InputError(origin, "empty text")
    fmt = detect_format(origin, text[:SNIFF_BYTES])
    reader = _SINGLE.get(fmt, read_text_document)
    return reader(text, origin, stem_of(origin))


def read_path(path: str) -> list[Document]:
    """Every document of one path (file, directory or glob); raises the first InputError."""
    docs: list[Document] = []
    for item in iter_documents([path]):
        if isinstance(item, InputError):
            raise item
        docs.append(item)
    return docs


def _read_guarded(path: str, column_map: dict[str, str] | None) -> Iterator[Document | InputError]:
    origin = "<stdin>" if path == STDIN else path
    try:
        if path == STDIN:
            # stdin cannot seek back after sniffing; read it whole (pipes carry one document
            # or a modest export; big exports are read from files, which are streamed).
            yield from _read_stream(io.BytesIO(sys.stdin.buffer.read()), origin, column_map)
        else:
            with open(path, "rb") as stream:
                yield from _read_stream(stream, origin, column_map)
    except InputError as err:
        yield err
    except OSError as exc:
        yield InputError(origin, f"cannot read: {exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - one broken input must not stop the batch
        yield InputError(origin, f"unexpected {type(exc).__name__}: {exc}")


def _read_stream(stream: IO[bytes], origin: str,
                 column_map: dict[str, str] | None) -> Iterator[Document | InputError]:
    head = stream.read(SNIFF_BYTES)
    if not head.strip():
        raise InputError(origin, "empty file")
    encoding = text_encoding(origin, head, declared_charset(head))
    fmt = detect_format(origin, head.decode(encoding, errors="ignore"))
    if fmt in ("csv", "jsonl"):
        stream.seek(0)
        yield from _read_rows(stream, origin, fmt, text_encoding(origin, head), column_map)
        return
    data = head + stream.read()
    declared = declared_charset(head) if fmt == "html" else None
    text = decode(origin, data, declared)
    yield _SINGLE[fmt](text, origin, stem_of(origin))


def _read_rows(stream: IO[bytes], origin: str, fmt: str, encoding: str,
               column_map: dict[str, str] | None) -> Iterator[Document | InputError]:
    """Stream rows; undecodable bytes part-way end the file with an InputError after the rows
    before them (we cannot resynchronise inside a damaged byte stream)."""
    lines = _decoded_lines(stream, encoding)
    rows = iter_csv(lines, origin, column_map) if fmt == "csv" else iter_jsonl(lines, origin, column_map)
    produced = 0
    try:
        for produced, item in enumerate(rows, start=1):  # noqa: B007 - counted for the check below
            yield item
    except UnicodeDecodeError as exc:
        produced += 1
        yield InputError(origin, undecodable_reason(encoding, exc))
    if not produced:  # a header, blank lines or a lone BOM: say so rather than yield nothing
        yield InputError(origin, f"no {fmt.upper()} rows (only a header or blank lines)")


def _decoded_lines(stream: IO[bytes], encoding: str) -> Iterator[str]:
    """Text lines (ends kept, as csv.reader wants) decoded incrementally from a byte stream.

    Decoding line by line, rather than through an 8 KiB TextIOWrapper buffer, means the rows
    before a bad byte still come out.  Offsets in a decoding error are from the file's start.
    """
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    pending, offset = "", 0
    for chunk in iter(lambda: stream.readline(1 << 20), b""):
        try:
            pending += decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            exc.base_offset = offset  # type: ignore[attr-defined]  # for the message
            raise
        offset += len(chunk)
        *complete, pending = pending.splitlines(keepends=True) or [""]
        if pending.endswith(("\n", "\r")):
            complete.append(pending)
            pending = ""
        yield from complete
    pending += decoder.decode(b"", final=True)
    if pending:
        yield pending
