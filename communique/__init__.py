"""communique: structured event data from diplomatic press releases and news."""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from pathlib import Path

    from communique.records import Record


def extract(text_or_path: str | Path) -> Record:
    """Extract the record of one document, given as text or as a path to a file."""
    from communique.pipeline import extract as _extract

    return _extract(text_or_path)


__all__ = ["extract", "__version__"]
