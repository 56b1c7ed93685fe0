"""Build the spaCy pipeline: the statistical model, then our components in order."""

from __future__ import annotations

import importlib
from functools import lru_cache

import spacy
from spacy.language import Language

from communique import settings
from communique.errors import ModelNotInstalled
from communique.extract import context

# Our components, in the order they run; each name is registered by the module beside it.
COMPONENTS: list[tuple[str, str]] = [
    ("communique_source", "communique.extract.source"),
    ("communique_entities", "communique.extract.entities"),
    ("communique_events", "communique.extract.events"),
    ("communique_statements", "communique.extract.statements"),
    ("communique_references", "communique.extract.references"),
]


def add_components(nlp: Language) -> Language:
    context.register_extensions()
    _add_whitespace_steps(nlp)
    for name, module in COMPONENTS:
        importlib.import_module(module)
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, last=True)
    return nlp


def _add_whitespace_steps(nlp: Language) -> None:
    """Blank lines end sentences (before the parser, or after a sentencizer, which would reset
    them) and entities are trimmed of whitespace (after the recognizer); see `whitespace`."""
    from communique.extract import whitespace

    names = nlp.pipe_names
    if whitespace.PARAGRAPHS not in names:
        if "parser" in names:
            nlp.add_pipe(whitespace.PARAGRAPHS, before="parser")
        elif "sentencizer" in names:
            nlp.add_pipe(whitespace.PARAGRAPHS, after="sentencizer")
    if "ner" in names and whitespace.ENTITY_SPACES not in names:
        nlp.add_pipe(whitespace.ENTITY_SPACES, after="ner")


@lru_cache(maxsize=4)
def load_nlp(model: str | None = None) -> Language:
    """The full pipeline on the configured statistical model (`settings.MODEL`)."""
    name = model or settings.MODEL
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotInstalled(
            f"the spaCy pipeline {name!r} is not installed: {settings.MODEL_INSTALL_HINT}"
        ) from exc
    return add_components(nlp)


def blank_nlp() -> Language:
    """A model-free pipeline (tokenizer, sentencizer, our rules) for fast tests."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return add_components(nlp)
