"""communique: structured event data from diplomatic press releases and news.

    import communique
    record = communique.extract("release.txt")   # or the text itself -> communique.records.Record
"""

from __future__ import annotations

__version__ = "0.1.0"

# `communique.extract` is both the extraction package and the library call (the package module
# is callable, see communique/extract/__init__.py).
from communique import extract  # noqa: E402

__all__ = ["extract", "__version__"]
