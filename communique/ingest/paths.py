"""Turn the command line's paths into files: `-` is stdin, directories are walked, globs expanded."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from communique.errors import InputError
from communique.ingest.detect import EXTENSIONS

STDIN = "-"
_GLOB_CHARS = frozenset("*?[")


def expand_paths(paths: Iterable[str]) -> Iterator[str | InputError]:
    """Each input file once, in a stable order, or an InputError for a path that names nothing.

    Inside a directory only files with a known extension are read (a folder of inputs often
    holds notes, gold records or archives too) and hidden files and folders are skipped; a file
    named explicitly is always read, whatever its extension.
    """
    seen: set[str] = set()
    for raw in paths:
        for item in _expand_one(str(raw)):
            if isinstance(item, str):
                key = item if item == STDIN else os.path.realpath(item)
                if key in seen:
                    continue
                seen.add(key)
            yield item


def _expand_one(path: str) -> Iterator[str | InputError]:
    if path == STDIN:
        yield STDIN
    elif os.path.isdir(path):
        yield from _walk(path)
    elif os.path.exists(path):
        yield path
    elif _GLOB_CHARS & set(path):
        matches = sorted(glob.glob(path, recursive=True))
        if not matches:
            yield InputError(path, "no file matches this pattern")
        for match in matches:
            yield from (_walk(match) if os.path.isdir(match) else iter([match]))
    else:
        yield InputError(path, "no such file or directory")


def _walk(directory: str) -> Iterator[str | InputError]:
    found = False
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in EXTENSIONS:
                found = True
                yield os.path.join(root, name)
    if not found:
        yield InputError(directory, "directory holds no readable documents "
                                    f"({', '.join(sorted(EXTENSIONS))})")
