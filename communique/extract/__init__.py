"""Extraction: spaCy pipeline components that fill a Doc with the record's parts.

Each component is a `Doc -> Doc` step registered under a `communique_*` name and writes one
Doc extension (see `communique.extract.context`).  `load_nlp` builds the pipeline: the
statistical English model from `settings.MODEL` followed by `COMPONENTS` in order.

This package is also the library call `communique.extract(text_or_path) -> Record`: the package
and the function share a name, so the module itself is made callable.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING

from communique.extract.nlp import COMPONENTS, blank_nlp, load_nlp

if TYPE_CHECKING:
    from communique.records import Record


class _CallableModule(types.ModuleType):
    def __call__(self, text_or_path: str | Path) -> Record:
        """Extract the record of one document, given as text or as a path to a file."""
        from communique.pipeline import extract

        return extract(text_or_path)


sys.modules[__name__].__class__ = _CallableModule

__all__ = ["COMPONENTS", "blank_nlp", "load_nlp"]
