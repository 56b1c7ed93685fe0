"""atheris harness for the ingest readers: any bytes, as any file type, give Documents or
InputErrors; anything else raised is a finding.

    .venv/bin/python fuzz/fuzz_ingest.py -max_total_time=60 -rss_limit_mb=4096 fuzz/corpus
    make fuzz                   # the same, for FUZZ_SECONDS (default 60)

The first byte picks the reader (.txt .md .html .csv .jsonl, or stdin-style sniffing), the rest
is the file.  Each run also cleans every document and checks the cleaned text is storable.
"""

from __future__ import annotations

import os
import sys
import tempfile

import atheris
import dateutil.parser  # noqa: F401 - heavy dependencies load uninstrumented, first
import trafilatura  # noqa: F401
import yaml  # noqa: F401

with atheris.instrument_imports(include=["communique"]):
    from communique import clean
    from communique.errors import InputError
    from communique.ingest import iter_documents

EXTS = (".txt", ".md", ".html", ".csv", ".jsonl", ".dat")
WORK = tempfile.mkdtemp(prefix="communique-fuzz-")


def TestOneInput(data: bytes) -> None:  # noqa: N802 - atheris's name
    if not data:
        return
    path = os.path.join(WORK, "input" + EXTS[data[0] % len(EXTS)])
    with open(path, "wb") as f:
        f.write(data[1:])
    n = 0
    for item in iter_documents([path]):
        n += 1
        if isinstance(item, InputError):
            assert item.reason, "an InputError without a reason"
            continue
        cleaned = clean.clean(item)
        cleaned.text.encode("utf-8")
        cleaned.id  # noqa: B018 - hashing must not raise
        assert cleaned.published is None or len(cleaned.published) == 10
    assert n, "an input gave neither a document nor an error"


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
