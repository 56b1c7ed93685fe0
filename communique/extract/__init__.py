"""Extraction: spaCy pipeline components that fill a Doc with the record's parts.

Each component is a `Doc -> Doc` step registered under a `communique_*` name and writes one
Doc extension (see `communique.extract.context`).  `load_nlp` builds the pipeline: the
statistical English model from `settings.MODEL` followed by `COMPONENTS` in order.
"""

from communique.extract.nlp import COMPONENTS, load_nlp

__all__ = ["COMPONENTS", "load_nlp"]
